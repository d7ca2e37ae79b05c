import { createContext, useContext } from 'react';
import type { Role } from '../../core/chatFormat.js';
import type { FillKind, UsageLevel } from '../../core/contextUsage.js';
import type { GaugeCell } from './gaugeBar.js';

/**
 * Colours, and the glyphs that stand in for them. With NO_COLOR every colour is undefined (Ink
 * then writes none) and the gauge's parts are told apart by texture instead.
 */
export interface Theme {
  readonly color: boolean;
  role(role: Role | FillKind): string | undefined;
  level(level: UsageLevel): string | undefined;
  cellGlyph(cell: GaugeCell): string;
  cellColor(cell: GaugeCell): string | undefined;
  readonly accent: string | undefined;
  readonly border: string | undefined;
}

const ROLE_COLORS: Readonly<Record<Role | FillKind, string>> = {
  system: 'yellow',
  developer: 'yellow',
  user: 'cyan',
  assistant: 'green',
  tool: 'blue',
  function: 'blue',
  definitions: 'magenta',
  overhead: 'gray',
};

const LEVEL_COLORS: Readonly<Record<UsageLevel, string>> = {
  low: 'green',
  elevated: 'yellow',
  high: '#ff8700',
  over: 'red',
};

const TEXTURES: Readonly<Record<GaugeCell, string>> = {
  system: '▒',
  user: '█',
  assistant: '▓',
  tool: '░',
  definitions: '▞',
  overhead: '▪',
  empty: '·',
  limit: '┃',
};

export function createTheme(color: boolean): Theme {
  const shown = (name: string): string | undefined => (color ? name : undefined);
  return {
    color,
    role: (role) => shown(ROLE_COLORS[role]),
    level: (level) => shown(LEVEL_COLORS[level]),
    cellGlyph: (cell) => (color ? (cell === 'empty' ? '░' : cell === 'limit' ? '┃' : '█') : TEXTURES[cell]),
    cellColor: (cell) => (cell === 'empty' ? shown('gray') : cell === 'limit' ? shown('whiteBright') : shown(ROLE_COLORS[cell])),
    accent: shown('magentaBright'),
    border: shown('gray'),
  };
}

export const ThemeContext = createContext<Theme>(createTheme(true));

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
