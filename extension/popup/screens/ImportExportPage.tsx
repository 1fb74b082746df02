/** The import and export page: import with a preview and progress, and the two kinds of export. */
import { ExportSection } from '../components/ExportSection';
import { ImportSection } from '../components/ImportSection';
import { useAppStatus } from '../hooks/useAppStatus';

export function ImportExportPage() {
  const app = useAppStatus();
  return (
    <main className="screen page-main">
      <h1>Import and export</h1>
      {app.phase === 'ready' && app.status.vault !== 'unlocked' ? (
        <p role="alert">Unlock your vault from the toolbar button first, then reload this page.</p>
      ) : (
        <>
          <ImportSection />
          <ExportSection />
        </>
      )}
    </main>
  );
}
