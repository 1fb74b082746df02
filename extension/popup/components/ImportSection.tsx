/** Import: pick or drop a file, preview what it holds (counts, duplicates, warnings), then import all of it or nothing. */
import { useEffect, useState, type DragEvent } from 'react';
import type { ImportPreviewView } from '../../../shared/protocol/messages';
import { describeError, errorCode } from '../error-messages';
import { fileToBase64 } from '../files';
import { send } from '../messaging';
import { ProgressBar } from './ProgressBar';

type Phase = { kind: 'idle' } | { kind: 'busy'; label: string } | { kind: 'preview'; preview: ImportPreviewView } | { kind: 'done'; text: string };

function errorText(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : '';
  if (code === 'WRONG_PASSWORD') return "The file's password is not right. Nothing was imported.";
  return code === 'IMPORT_FORMAT' || code === 'BAD_ENCODING' ? message : `${describeError(code)} ${code === 'INTERNAL' ? '' : message}`.trim();
}

export function ImportSection() {
  const [formats, setFormats] = useState<{ id: string; name: string }[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const [keyFile, setKeyFile] = useState<File | null>(null);
  const [format, setFormat] = useState('');
  const [password, setPassword] = useState('');
  const [skipDuplicates, setSkipDuplicates] = useState(true);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState('');

  useEffect(() => {
    send('import/formats', {}).then((r) => setFormats(r.formats), () => setFormats([]));
  }, []);

  async function request() {
    if (file === null) throw Object.assign(new Error('Choose a file first.'), { code: 'IMPORT_FORMAT' });
    return {
      fileName: file.name,
      data: await fileToBase64(file),
      ...(format ? { format } : {}),
      ...(password ? { password } : {}),
      ...(keyFile ? { keyFile: await fileToBase64(keyFile) } : {}),
    };
  }

  async function run(label: string, work: () => Promise<Phase>) {
    setError('');
    setPhase({ kind: 'busy', label });
    try {
      setPhase(await work());
    } catch (e) {
      setPhase({ kind: 'idle' });
      setError(errorText(e));
    }
  }

  const preview = () => run('Reading the file', async () => ({ kind: 'preview', preview: await send('import/preview', await request()) }));
  const commit = () =>
    run('Importing', async () => {
      const done = await send('import/commit', { ...(await request()), skipDuplicates });
      setPassword('');
      return { kind: 'done', text: `Imported ${done.imported} items${done.skipped ? `, skipped ${done.skipped} duplicates` : ''}.` };
    });
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const dropped = event.dataTransfer.files[0];
    if (dropped) {
      setFile(dropped);
      setPhase({ kind: 'idle' });
    }
  };

  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">Import</h2>
      <div className="drop-zone" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
        <label htmlFor="import-file">Choose a file to import</label>
        <input id="import-file" type="file" onChange={(e) => (setFile(e.target.files?.[0] ?? null), setPhase({ kind: 'idle' }))} />
        <p className="hint">…or drop it here. {file ? `Selected: ${file.name}` : ''}</p>
      </div>
      <label htmlFor="import-format">Format</label>
      <select id="import-format" value={format} onChange={(e) => setFormat(e.target.value)}>
        <option value="">Detect automatically</option>
        {formats.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
          </option>
        ))}
      </select>
      <label htmlFor="import-password">File password (for protected exports)</label>
      <input id="import-password" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
      <label htmlFor="import-keyfile">KeePass key file (optional)</label>
      <input id="import-keyfile" type="file" onChange={(e) => setKeyFile(e.target.files?.[0] ?? null)} />
      <div className="actions">
        <button type="button" onClick={() => void preview()} disabled={file === null || phase.kind === 'busy'}>
          Preview import
        </button>
      </div>
      {phase.kind === 'busy' && <ProgressBar label={phase.label} />}
      {phase.kind === 'preview' && <PreviewView preview={phase.preview} skip={skipDuplicates} setSkip={setSkipDuplicates} onImport={() => void commit()} />}
      {phase.kind === 'done' && <p role="status">{phase.text}</p>}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}

function PreviewView(props: { preview: ImportPreviewView; skip: boolean; setSkip: (v: boolean) => void; onImport: () => void }) {
  const { preview } = props;
  const counts = Object.entries(preview.byType).filter(([, n]) => n > 0);
  const count = props.skip ? preview.total - preview.duplicates : preview.total;
  return (
    <div className="preview" role="region" aria-label="Import preview">
      <p>
        {preview.formatName}: {preview.total} items in {preview.folders} folders.
      </p>
      <ul>
        {counts.map(([type, n]) => (
          <li key={type}>
            {type}: {n}
          </li>
        ))}
      </ul>
      <p>{preview.duplicates} already in your vault.</p>
      <label className="checkbox">
        <input type="checkbox" checked={props.skip} onChange={(e) => props.setSkip(e.target.checked)} /> Skip items already in the vault
      </label>
      {preview.warnings.length > 0 && (
        <details>
          <summary>{preview.warnings.length} notes about this file</summary>
          <ul>
            {preview.warnings.map((w, i) => (
              <li key={i}>
                {w.entry}: {w.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      <button type="button" onClick={props.onImport}>
        Import {count} items
      </button>
    </div>
  );
}
