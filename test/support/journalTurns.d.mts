export function turnContent(n: number): string;
