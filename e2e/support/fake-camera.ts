/**
 * A fake camera showing a QR code, for Chromium's `--use-file-for-fake-video-capture`: a Y4M file
 * (YUV4MPEG2, 4:2:0 chroma "C420", progressive) of a few identical frames, written from the QR
 * modules of `qrcode`'s QRCode.create(text).modules, each module a square of `scale` pixels, with a
 * quiet zone of 4 modules (ISO/IEC 18004 §6.3.8) on a white background. Chromium loops the frames.
 *
 *   const file = await writeQrY4m(inviteText);
 *   launchWithExtension({ args: [...fakeCameraArgs(file), ...server.chromiumArgs] });
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';

const QUIET_ZONE = 4;
const WHITE = 235; // Y' of white in BT.601 video range
const BLACK = 16;
const NEUTRAL_CHROMA = 128;

/** The Y4M bytes of `frames` identical frames showing `text` as a QR code. */
export function qrY4m(text: string, options: { scale?: number; frames?: number; fps?: number } = {}): Buffer {
  const { scale = 6, frames = 5, fps = 10 } = options;
  const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const side = (modules.size + 2 * QUIET_ZONE) * scale;
  const size = side + (side % 2); // 4:2:0 needs even dimensions
  const luma = Buffer.alloc(size * size, WHITE);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      for (let y = 0; y < scale; y++) {
        const start = ((row + QUIET_ZONE) * scale + y) * size + (col + QUIET_ZONE) * scale;
        luma.fill(BLACK, start, start + scale);
      }
    }
  }
  const chroma = Buffer.alloc((size / 2) * (size / 2) * 2, NEUTRAL_CHROMA);
  const header = Buffer.from(`YUV4MPEG2 W${size} H${size} F${fps}:1 Ip A1:1 C420\n`, 'ascii');
  const frame = Buffer.concat([Buffer.from('FRAME\n', 'ascii'), luma, chroma]);
  return Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]);
}

/** Writes the Y4M to a temporary file and returns its path. */
export async function writeQrY4m(text: string, name = `qr-${process.pid}-${Date.now()}.y4m`): Promise<string> {
  const file = path.join(tmpdir(), name);
  await writeFile(file, qrY4m(text));
  return file;
}

/** Chromium flags for a fake camera that shows `file`, granted without a prompt. */
export function fakeCameraArgs(file: string): string[] {
  return ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`];
}
