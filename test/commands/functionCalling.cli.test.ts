import { describe, expect, it } from 'vitest';
import { asRequestFile, billedCase } from '../support/functionCallingCases.js';
import { runCli } from '../support/runCli.js';
import { tempFile } from '../support/tempFile.js';

// hmarr/openai-chat-tokens: two legacy functions, a function_call naming one; 55 on gpt-3.5-turbo.
const LEGACY = billedCase('two functions and function_call naming one');

// The cookbook's few-shot example: 127 prompt tokens on gpt-3.5-turbo-0301, 129 on later models.
const FEW_SHOT = {
  messages: [
    { role: 'system', content: 'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.' },
    { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
    { role: 'system', name: 'example_assistant', content: 'Things working well together will increase revenue.' },
    { role: 'system', name: 'example_user', content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage." },
    { role: 'system', name: 'example_assistant', content: "Let's talk later when we're less busy about how to do better." },
    { role: 'user', content: "This late pivot means we don't have time to boil the ocean for the client deliverable." },
  ],
};

describe('report on legacy function calling', () => {
  it('bills the functions and the function_call: 55 tokens for the next call, as gpt-3.5-turbo billed', () => {
    const { status, stdout } = runCli(['report', tempFile('legacy.json', asRequestFile(LEGACY)), '--model', 'gpt-3.5-turbo', '--json']);
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.totals.usedTokens).toBe(LEGACY.billed);
    expect(report.toolTokens).toBeGreaterThan(0);
    expect(report.countingNotes).toEqual([expect.stringMatching(/^tool definitions: counted as the TypeScript-like declarations/)]);
  });

  it('prints the same notes under the table', () => {
    const { stdout } = runCli(['report', tempFile('legacy.json', asRequestFile(LEGACY)), '--model', 'gpt-3.5-turbo']);
    expect(stdout).toMatch(/^estimate: tool definitions: counted as the TypeScript-like declarations/m);
  });
});

describe('--overhead 0301', () => {
  it("reproduces gpt-3.5-turbo-0301's 127 for the cookbook example, where the cookbook rule gives 129", () => {
    const file = tempFile('few-shot.json', JSON.stringify(FEW_SHOT));
    const used = (args: string[]) => JSON.parse(runCli(['report', file, '--model', 'gpt-3.5-turbo', '--json', ...args]).stdout).totals.usedTokens;
    expect(used(['--overhead', '0301'])).toBe(127);
    expect(used([])).toBe(129);
    expect(used(['--overhead', 'cookbook'])).toBe(129);
  });

  it('names the rules it takes when given another, in one line with exit code 2', () => {
    const { status, stderr } = runCli(['report', tempFile('few-shot.json', JSON.stringify(FEW_SHOT)), '--overhead', '0613']);
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('--overhead must be "cookbook" (the API\'s rule), "0301" (gpt-3.5-turbo-0301\'s) or "4"');
  });
});
