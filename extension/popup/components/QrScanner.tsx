/**
 * The camera view that reads the invite's QR code on the new device (DESIGN.md §7: getUserMedia +
 * jsQR in an extension tab; BarcodeDetector is absent on Linux). Frames are drawn to a canvas a few
 * times a second and handed to jsQR; the first QR code found ends the scan and the camera is
 * released. A missing camera or a refused permission is said plainly, with the paste alternative.
 */
import jsQR from 'jsqr';
import { useEffect, useRef, useState } from 'react';

const SCAN_EVERY_MS = 200;

/** Wording for getUserMedia's failures (DOMException names, W3C Media Capture and Streams §9.2). */
export function cameraProblem(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return 'The camera permission was denied. Allow the camera for this page in the browser’s site settings, or paste the invite text instead.';
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'No camera was found on this computer. Paste the invite text instead.';
  if (name === 'NotReadableError') return 'The camera is in use by another program. Close it and try again, or paste the invite text instead.';
  return 'The camera could not be started. Paste the invite text instead.';
}

export function QrScanner({ onScanned, onProblem }: { onScanned: (text: string) => void; onProblem: (text: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<'starting' | 'scanning'>('starting');
  const done = useRef({ onScanned, onProblem });
  useEffect(() => {
    done.current = { onScanned, onProblem };
  });

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let live = true;
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    const stop = () => {
      clearInterval(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
      stream = null;
    };
    const scan = () => {
      const v = video.current;
      if (v === null || context === null || v.readyState < 2 || v.videoWidth === 0) return;
      canvas.width = v.videoWidth;
      canvas.height = v.videoHeight;
      context.drawImage(v, 0, 0, canvas.width, canvas.height);
      const frame = context.getImageData(0, 0, canvas.width, canvas.height);
      const found = jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'attemptBoth' });
      if (found !== null && found.data !== '') {
        stop();
        live = false;
        done.current.onScanned(found.data);
      }
    };
    void (async () => {
      if (navigator.mediaDevices?.getUserMedia === undefined) return done.current.onProblem(cameraProblem(new DOMException('', 'NotFoundError')));
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      } catch (error) {
        if (live) done.current.onProblem(cameraProblem(error));
        return;
      }
      if (!live || video.current === null) return stop();
      video.current.srcObject = stream;
      await video.current.play().catch(() => undefined);
      setState('scanning');
      timer = setInterval(scan, SCAN_EVERY_MS);
    })();
    return () => {
      live = false;
      stop();
    };
  }, []);

  return (
    <figure className="qr-scanner" aria-labelledby="qr-scanner-caption">
      <video ref={video} muted playsInline aria-hidden="true">
        <track kind="captions" />
      </video>
      <figcaption id="qr-scanner-caption" role="status">
        {state === 'starting' ? 'Starting the camera…' : 'Hold the QR code your other device shows in front of the camera.'}
      </figcaption>
    </figure>
  );
}
