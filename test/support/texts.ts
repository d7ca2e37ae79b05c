/** Deterministic text generators for the tokenizer tests (a seeded generator, so failures replay). */
import { pick, seeded } from '../../src/core/seededRandom.js';

/** Chinese text with no spaces or punctuation: one pre-tokenized piece. */
export function cjkRun(length: number, seed = 1): string {
  const random = seeded(seed);
  const common = '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坐集编宝谈府拉黑且随格尽剑讲布杀微怕母调局根曾准团段终乐切级克精哪官示冷域读';
  let out = '';
  for (let i = 0; i < length; i++) out += pick(random, [...common]);
  return out;
}

/** Base64 of random bytes, wrapped every `lineLength` chars (0: one line), as pasted blobs are. */
export function base64Blob(bytes: number, seed = 2, lineLength = 0): string {
  const random = seeded(seed);
  const data = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) data[i] = Math.floor(random() * 256);
  let binary = '';
  for (const byte of data) binary += String.fromCharCode(byte);
  const encoded = btoa(binary);
  if (lineLength === 0) return encoded;
  return encoded.replace(new RegExp(`(.{${lineLength}})`, 'g'), '$1\n');
}

/** Dense one-line JavaScript as a minifier writes it: short names, no spaces, long runs of punctuation. */
export function minifiedCode(length: number, seed = 3): string {
  const random = seeded(seed);
  const name = () => pick(random, ['a', 'b', 'c', 'e', 'n', 'r', 't', 'o', 'i', 's', 'u', '_', '$', 'Ne', 'qt', 'Xe', 'e0']);
  const statements = [
    () => `function ${name()}(${name()},${name()}){return ${name()}.${name()}(${name()})||${name()}}`,
    () => `var ${name()}=${name()}[${Math.floor(random() * 100)}]&&${name()}!==void 0?${name()}:{};`,
    () => `for(${name()}=0;${name()}<${name()}.length;${name()}++)${name()}+=${name()}[${name()}]<<${Math.floor(random() * 32)};`,
    () => `if(!${name()})throw new TypeError("x"+${name()});`,
    () => `${name()}.prototype.${name()}=function(){return this.${name()}===null?[]:[this.${name()}]};`,
    () => `})(),(()=>{${name()}=>${name()}*2});}}]);`,
  ];
  let out = '';
  while (out.length < length) out += pick(random, statements)();
  return out.slice(0, length);
}

/** Text drawn from runs of many scripts and classes, to cross the split pattern's boundaries. */
export const SCRIPT_SAMPLES = [
  'hello world', 'ÆØÅ æøå ß', 'Привет мир', 'مرحبا بالعالم', 'नमस्ते दुनिया', 'שלום עולם', 'γειά σου κόσμε',
  '中文字符测试', '日本語のテキスト', '한국어 문장', 'ไทย', '😀👩‍👩‍👧🇫🇷', '1234567', '3.14', '  ', '\t', '\r\n', '\n\n',
  "'s", "'LL", '...', '===', '->', '{}', '/**/', '\u00a0', '\u3000', '\u0085', '\ufeff', '\u0301', 'ǅ', 'ſ',
];
