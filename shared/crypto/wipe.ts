/**
 * Zeroing key buffers (DESIGN.md §4: "zero key buffers on lock where the platform allows").
 *
 * JavaScript gives no guarantee that a secret has no other copy (the engine may have moved or copied
 * it), so this is best effort: it clears the buffers we own, which is what the platform allows.
 *
 * Refuses: nothing.
 */

/** Overwrite every given buffer with zeros. */
export function wipe(...buffers: Uint8Array[]): void {
  for (const buffer of buffers) buffer.fill(0);
}
