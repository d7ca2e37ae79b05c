export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The pixel size of an image given inline as a base64 data URL, read from its header (PNG, GIF,
 * WebP, JPEG). Undefined for anything else: a remote URL cannot be measured without fetching it.
 */
export function imageSizeFromDataUrl(url: string): ImageSize | undefined {
  const match = /^data:image\/[\w.+-]+;base64,/i.exec(url);
  if (!match) return undefined;
  const bytes = decodeBase64(url.slice(match[0].length));
  if (bytes === undefined) return undefined;
  return pngSize(bytes) ?? gifSize(bytes) ?? webpSize(bytes) ?? jpegSize(bytes);
}

function decodeBase64(data: string): Uint8Array | undefined {
  try {
    const binary = atob(data.replace(/\s+/g, ''));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

const ascii = (bytes: Uint8Array, start: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(start, start + length));
const be16 = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;
const le16 = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8);
const be32 = (b: Uint8Array, i: number): number => be16(b, i) * 65536 + be16(b, i + 2);
const le24 = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);

function sized(width: number, height: number): ImageSize | undefined {
  return width > 0 && height > 0 ? { width, height } : undefined;
}

function pngSize(b: Uint8Array): ImageSize | undefined {
  if (b.length < 24 || be32(b, 0) !== 0x89504e47 || ascii(b, 12, 4) !== 'IHDR') return undefined;
  return sized(be32(b, 16), be32(b, 20));
}

function gifSize(b: Uint8Array): ImageSize | undefined {
  if (b.length < 10 || ascii(b, 0, 4) !== 'GIF8') return undefined;
  return sized(le16(b, 6), le16(b, 8));
}

function webpSize(b: Uint8Array): ImageSize | undefined {
  if (b.length < 30 || ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 4) !== 'WEBP') return undefined;
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X') return sized(le24(b, 24) + 1, le24(b, 27) + 1);
  if (chunk === 'VP8 ') return sized(le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff);
  if (chunk === 'VP8L') {
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return sized((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  return undefined;
}

/** Walks the JPEG segments to the first start-of-frame marker, which holds the size. */
function jpegSize(b: Uint8Array): ImageSize | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return sized(be16(b, i + 7), be16(b, i + 5));
    i += 2 + be16(b, i + 2);
  }
  return undefined;
}
