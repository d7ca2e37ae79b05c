import type { Command } from 'commander';
import { estimateKv, findKvShape, formatBytes, GIB, KV_ACTIVATION_CAVEAT, KV_DTYPES, type KvDtype, type KvEstimate, type KvSetup } from '../core/kvCache.js';
import { KV_SHAPES } from '../core/kvShapes.js';
import { formatTokens } from '../core/format.js';
import { InputError } from '../core/errors.js';
import { printReport, withExample, type OutputFlags } from './commandKit.js';
import { parseNonNegative } from './modelOptions.js';

interface KvFlags extends OutputFlags {
  readonly shape?: string;
  /** A Hugging Face config.json to read the shape from, in place of --shape. */
  readonly config?: string;
  readonly tokens?: string;
  readonly gpuGib?: string;
  readonly dtype?: string;
}

export interface KvReport extends KvEstimate {
  readonly weightsSource: string;
  readonly caveat: string;
}

export function kvReport(estimate: KvEstimate): KvReport {
  return {
    ...estimate,
    weightsSource:
      estimate.parameters === null
        ? 'not computed: a mixture of experts (or latent attention), whose parameters the dense formula does not count'
        : `computed: ${formatTokens(estimate.parameters)} parameters x ${KV_DTYPES[estimate.dtype]} bytes (${estimate.dtype})`,
    caveat: KV_ACTIVATION_CAVEAT,
  };
}

export function formatKv(report: KvReport): string {
  const lines = [
    `${report.shape}, ${report.dtype}: ${formatTokens(report.bytesPerToken)} bytes (${formatBytes(report.bytesPerToken)}) of keys and values per token`,
    `cache at ${formatTokens(report.tokens)} tokens: ${formatBytes(report.cacheBytes)} (${formatTokens(report.cacheBytes)} bytes)` +
      (report.slidingWindow !== null && report.tokens > report.slidingWindow
        ? report.slidingLayers === report.layers
          ? `, capped by its ${formatTokens(report.slidingWindow)}-token sliding window`
          : `, ${report.slidingLayers} of its ${report.layers} layers keeping only a ${formatTokens(report.slidingWindow)}-token sliding window`
        : ''),
    (report.weightsBytes === null ? 'weights: ' : `weights: ${formatBytes(report.weightsBytes)}, `) + report.weightsSource +
      (report.measuredWeightsGiB !== null ? `; measured on an H100: ${report.measuredWeightsGiB} GiB` : ''),
  ];
  if (report.gpuBytes === null) lines.push('largest context that fits: give --gpu-gib to see it');
  else if (report.weightsBytes === null) lines.push('largest context that fits: not computed, the weights are not');
  else if (report.maxTokens === 0) lines.push(`largest context that fits ${formatBytes(report.gpuBytes)}: none, the weights alone do not fit`);
  else if (report.limitedBy === 'model') {
    lines.push(
      `largest context that fits ${formatBytes(report.gpuBytes)}: the model's own maximum, ${formatTokens(report.maxTokens!)} tokens (the sliding window keeps the cache at ${formatBytes(report.bytesPerToken * report.slidingWindow!)})`,
    );
  } else {
    lines.push(
      `largest context whose cache fits ${formatBytes(report.gpuBytes)} after the weights: ${formatTokens(report.maxTokens!)} tokens` +
        (report.maxTokens! > report.maxContext ? ` (more than the model's maximum, ${formatTokens(report.maxContext)})` : ''),
    );
  }
  lines.push('', `caveat: ${report.caveat}`);
  return `${lines.join('\n')}\n`;
}

/** Async only for `--config`: the config reader (zod) is loaded when a command is given one, never at start-up. */
async function resolveKv(flags: KvFlags): Promise<KvEstimate> {
  const shapes = KV_SHAPES.map((s) => s.name).join(', ');
  if (flags.shape !== undefined && flags.config !== undefined) throw new InputError('give --shape or --config, not both');
  if (flags.shape === undefined && flags.config === undefined) throw new InputError(`--shape is required: one of ${shapes} (or --config FILE, a config.json)`);
  const setup =
    flags.config !== undefined
      ? { shape: (await import('../io/kvConfigFile.js')).readKvConfig(flags.config), ...parseKvOptions(flags.dtype, flags.gpuGib) }
      : parseKvSetup('--shape', flags.shape!, flags.dtype, flags.gpuGib);
  if (flags.tokens === undefined) throw new InputError('--tokens is required: the context length in tokens');
  const tokens = parseNonNegative('--tokens', flags.tokens, { integer: true })!;
  return estimateKv(setup.shape, { tokens, ...setup });
}

/** A shape name (given with `flag`), `--dtype` and `--gpu-gib`, checked: for `kv` and the dashboard's `--kv`. */
export function parseKvSetup(flag: string, name: string, dtype = 'bf16', gpuGib?: string): KvSetup {
  const shape = findKvShape(name);
  if (!shape) throw new InputError(`${flag} must be one of ${KV_SHAPES.map((s) => s.name).join(', ')}, got "${name}"`);
  return { shape, ...parseKvOptions(dtype, gpuGib) };
}

/** `--dtype` and `--gpu-gib`, checked. */
function parseKvOptions(dtype = 'bf16', gpuGib?: string): Omit<KvSetup, 'shape'> {
  if (!(dtype in KV_DTYPES)) throw new InputError(`--dtype must be one of ${Object.keys(KV_DTYPES).join(', ')}, got "${dtype}"`);
  const gpuGiB = parseGib(gpuGib);
  return { dtype: dtype as KvDtype, ...(gpuGiB !== undefined && { gpuGiB }) };
}

function parseGib(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0 || number * GIB > Number.MAX_SAFE_INTEGER) {
    throw new InputError(`--gpu-gib must be a GPU memory size in GiB (more than 0), got "${value}"`);
  }
  return number;
}

export function registerKv(program: Command): void {
  withExample(
    program.command('kv'),
    'context-accountant kv --shape Llama-3.1-8B --tokens 32768 --gpu-gib 80',
    'context-accountant kv --shape Mistral-7B --tokens 32768 --json',
    'context-accountant kv --config ./config.json --tokens 131072 --gpu-gib 80',
  )
    .description('the KV cache of an open-weight model: bytes per token, cache at N tokens, largest context on a GPU')
    .option('--shape <name>', `model shape: ${KV_SHAPES.map((s) => s.name).join(', ')}`)
    .option('--config <file>', "a Hugging Face config.json to read the model's shape from")
    .option('--tokens <n>', 'context length in tokens')
    .option('--gpu-gib <gib>', 'GPU memory in GiB, to find the largest context that fits after the weights')
    .option('--dtype <type>', `element type of the cache and weights: ${Object.keys(KV_DTYPES).join(', ')}`, 'bf16')
    .option('--json', 'print the estimate as JSON')
    .action(async (flags: KvFlags) => printReport(kvReport(await resolveKv(flags)), formatKv, flags));
}
