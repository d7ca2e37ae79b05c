/**
 * Data URLs whose headers give a size, built byte by byte from each format's specification (only
 * the header: the counts read nothing else).
 */
const dataUrl = (mime: string, bytes: number[]) => `data:image/${mime};base64,${Buffer.from(bytes).toString('base64')}`;
const be16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const be32 = (n: number) => [...be16(n >>> 16), ...be16(n & 0xffff)];
const le16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const le24 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

export const png = (width: number, height: number) =>
  dataUrl('png', [0x89, ...ascii('PNG\r\n'), 0x1a, 0x0a, ...be32(13), ...ascii('IHDR'), ...be32(width), ...be32(height), 8, 6, 0, 0, 0]);

/** A JPEG with an APP0 segment before its start-of-frame, so the reader has to walk segments. */
export const jpeg = (width: number, height: number) =>
  dataUrl('jpeg', [
    0xff, 0xd8,
    0xff, 0xe0, ...be16(16), ...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
    0xff, 0xc0, ...be16(17), 8, ...be16(height), ...be16(width), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
  ]);

export const gif = (width: number, height: number) => dataUrl('gif', [...ascii('GIF89a'), ...le16(width), ...le16(height), 0, 0, 0]);

export const webp = (width: number, height: number) =>
  dataUrl('webp', [...ascii('RIFF'), 22, 0, 0, 0, ...ascii('WEBPVP8X'), 10, 0, 0, 0, 0, 0, 0, 0, ...le24(width - 1), ...le24(height - 1)]);
