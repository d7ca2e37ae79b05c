// One encoder load in a fresh process: from the first import to the first count of a short text.
// Usage: node bench/child/load.mjs <tool> <encoding>; prints {"ms": wall, "cpuMs": CPU time}.
const [tool, encoding] = process.argv.slice(2);
const started = performance.now();
const startedCpu = process.cpuUsage();
let count;
switch (tool) {
  case 'ours': {
    const { loadTokenizer } = await import('../../dist/core/tokenizer.js');
    count = (await loadTokenizer(encoding)).count;
    break;
  }
  case 'ours-non-ascii': {
    // The first non-ASCII text that needs a merge also builds the map of non-ASCII tokens.
    const { loadTokenizer } = await import('../../dist/core/tokenizer.js');
    const tokenizer = await loadTokenizer(encoding);
    count = (text) => tokenizer.count(text) + tokenizer.count('Grüße aus Köln, 中文字符测试');
    break;
  }
  case 'ours-fallback': {
    const { createTokenizer, importJsTiktokenRanks } = await import('../../dist/core/tokenizer.js');
    const { ranksFromJsTiktoken } = await import('../../dist/core/rankTable.js');
    count = createTokenizer(encoding, ranksFromJsTiktoken(await importJsTiktokenRanks(encoding))).count;
    break;
  }
  case 'js-tiktoken': {
    const { Tiktoken } = await import('js-tiktoken/lite');
    const ranks = (await import(`js-tiktoken/ranks/${encoding}`)).default;
    const encoder = new Tiktoken(ranks);
    count = (text) => encoder.encode(text).length;
    break;
  }
  case 'tiktoken': {
    const { get_encoding } = await import('tiktoken');
    const encoder = get_encoding(encoding);
    count = (text) => encoder.encode_ordinary(text).length;
    break;
  }
  case 'gpt-tokenizer': {
    const { countTokens } = await import(`gpt-tokenizer/encoding/${encoding}`);
    count = countTokens;
    break;
  }
  default:
    throw new Error(`unknown tool ${tool}`);
}
count('Hello there, how are you?');
const cpu = process.cpuUsage(startedCpu);
console.log(JSON.stringify({ ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 }));
