/**
 * The QR code in an infographic's footer: the address of its page, drawn by the layout as an SVG image (one path of
 * whole modules, so it stays sharp at 1x and 2x). The matrix comes from the `qrcode` package (ISO/IEC 18004 encoder),
 * loaded on first use: a check or render that draws no footer never needs it.
 */
import { createRequire } from 'node:module';

/** A QR code as an image for satori: an SVG data URI and its side in px at 1x, quiet zone included. */
export interface QrImage {
  /** data:image/svg+xml;base64,… */
  src: string;
  /** Width and height in px at 1x (modules plus four modules of quiet zone on each side, times the module size). */
  size: number;
  /** The text encoded, e.g. https://zcjd.example.gov.cn/tujie/guofa-2019-5-shili-tujie/. */
  text: string;
}

/** Light margin the standard asks for around the symbol, in modules (ISO/IEC 18004: four). */
export const QUIET_ZONE = 4;

type QrCodeModule = typeof import('qrcode');
let qrcode: QrCodeModule | undefined;

/**
 * The QR code of `text` (a web address) with modules of `modulePx` px at 1x, dark on white, error correction level M
 * (15 % of the symbol may be lost, to a scratch or a messenger's recompression). Throws the encoder's error when the
 * text is too long for any QR code (over 2,331 bytes at level M), which a page address never is.
 */
export function qrCodeImage(text: string, modulePx: number): QrImage {
  qrcode ??= createRequire(import.meta.url)('qrcode') as QrCodeModule;
  const { modules } = qrcode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const side = n + 2 * QUIET_ZONE;
  // Each run of dark modules in a row is one rectangle of the path.
  let d = '';
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const from = col;
      while (col < n && modules.get(row, col)) col++;
      d += `M${from + QUIET_ZONE} ${row + QUIET_ZONE}h${col - from}v1h${from - col}z`;
    }
  }
  const size = side * modulePx;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges">` +
    `<rect width="${side}" height="${side}" fill="#ffffff"/><path d="${d}" fill="#000000"/></svg>`;
  return { src: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, size, text };
}
