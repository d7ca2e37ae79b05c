/** The content of turn n, shared by the crash-test child and its parent: every third one is about 1 MB on disk, so some kills land mid-write. */
export function turnContent(n) {
  const size = n % 3 === 2 ? 262_144 : ((n * 40503) % 4096) + 10;
  return `turn ${n} ` + 'é\x1b'.repeat(size >> 1);
}
