import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { LENGTH_BINS } from '../../src/core/quality/datasetStats';
import { makeEvent, type CandidateEvent } from '../../src/core/runs/candidateEvents';
import { CandidateJournal, journalPath } from '../../src/core/runs/journal';
import { runDirectory, writeRunManifest } from '../../src/core/runs/runManifest';
import type { SeedlingApi } from '../../src/extension/api';
import { NEAR_DUPLICATE_LIMIT, showRunHealth } from '../../src/extension/datasetHealth';
import type { HealthState } from '../../src/extension/webviews/datasetHealthView';
import type { HealthReportMessage } from '../../src/protocol/webviewMessages';
import { activateSeedling } from './seedlingExtension';

const SEED = 'reviews-sentiment.zh.jsonl';

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return folder.uri.fsPath;
}

function fileUri(name: string): vscode.Uri {
  return vscode.Uri.file(join(workspaceRoot(), name));
}

function asReport(state: HealthState | undefined): HealthReportMessage {
  assert.ok(state, 'the view has something to show');
  assert.equal(state.type, 'healthReport', `a report, not ${JSON.stringify(state)}`);
  return state;
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** Ten synthetic reviews grown from the seed file: two copied from it, one nearly, one repeated, one nearly repeated. */
const SYNTHETIC = [
  { text: '物流太给力了，前天晚上下的单，昨天中午就到了。耳机音质比我预期的好，低音很足，降噪在地铁上也够用，续航一周充一次电就行。', label: '积极' }, // seed line 1
  { text: '用了不到两周，充电口就接触不良了，要把线掰着才能充上。联系客服让我自己寄回检测，运费还要自己出，体验很差。', label: '消极' }, // seed line 13
  { text: '火锅味道正宗，毛肚和鸭肠都很新鲜，服务员会主动帮忙加汤，还送了一份酸梅汤。周末排了半小时队，但觉得值。', label: '积极' }, // seed line 2, nearly
  { text: '快递很快，包装很用心，杯子没有一点磕碰，颜色和照片一模一样，喝水的时候心情都变好了。', label: '积极' },
  { text: '快递很快，包装很用心，杯子没有一点磕碰，颜色和照片一模一样，喝水的时候心情都变好了！', label: '积极' }, // the one before, punctuation aside
  { text: '快递很快，包装很用心，杯子没有一点磕碰，颜色和照片一模一样，喝茶的时候心情都变好了。', label: '积极' }, // nearly the one before
  { text: '电影院座位还算舒服，音效一般，爆米花有点贵，整体中规中矩。', label: '中性' },
  { text: '打印机用了一个月就卡纸，售后电话一直占线，最后只能自己拆开清理。', label: '消极' },
  { text: '老师讲课很有耐心，每节课后都会把重点整理成笔记发到群里。', label: '积极' },
  { text: '面包松软香甜，早上烤一下配牛奶刚好，已经回购第三次了。', label: '积极' },
];

suite('Dataset Health', () => {
  const written: string[] = [];
  let api: SeedlingApi;

  suiteSetup(async () => {
    ({ api } = await activateSeedling());
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const path of written.splice(0)) rmSync(path, { recursive: true, force: true });
  });

  function write(name: string, text: string): vscode.Uri {
    const path = join(workspaceRoot(), name);
    writeFileSync(path, text);
    written.push(path);
    return vscode.Uri.file(path);
  }

  test('Show Dataset Health is a contributed command offered on dataset files in the Explorer and the editor title', async () => {
    const { extension } = await activateSeedling();
    assert.ok(api.commandIds.includes('seedling.showDatasetHealth'));
    const manifest = extension.packageJSON as { contributes: { commands: { command: string; category?: string }[]; menus: Record<string, { command: string; when?: string }[]> } };
    assert.equal(manifest.contributes.commands.find((c) => c.command === 'seedling.showDatasetHealth')?.category, 'Seedling');
    for (const menu of ['explorer/context', 'editor/title']) {
      const entry = manifest.contributes.menus[menu]?.find((item) => item.command === 'seedling.showDatasetHealth');
      assert.ok(entry, `${menu} offers it`);
      assert.match(entry.when ?? '', /jsonl\|json\|csv/);
    }
  });

  test('a classification file: 18 records, labels 6 / 6 / 6, lengths, diversity, no scores and no comparison', async () => {
    await vscode.commands.executeCommand('seedling.showDatasetHealth', fileUri(SEED));
    const report = asReport(api.datasetHealth.state);
    assert.deepEqual(report.subject, { kind: 'file', name: SEED });
    assert.equal(report.records, 18);
    assert.equal(report.format, 'classification');
    assert.equal(report.container, 'jsonl');
    assert.deepEqual(report.problems, { errors: 0, warnings: 0 });
    assert.deepEqual(
      [...report.labels].sort((a, b) => a.label.localeCompare(b.label)),
      [{ label: '中性', count: 6 }, { label: '积极', count: 6 }, { label: '消极', count: 6 }].sort((a, b) => a.label.localeCompare(b.label)),
    );
    // A file has no judge scores; the view says so instead of drawing an empty chart.
    assert.equal(report.scores, null);
    assert.deepEqual(report.lengthBins, [...LENGTH_BINS]);
    assert.equal(report.lengths.histogram.length, LENGTH_BINS.length + 1);
    assert.equal(sum(report.lengths.histogram), 18);
    // The texts run from 3 ("好评！") to 60 characters: 2 up to 20, 11 from 21 to 50, 5 from 51 to 100.
    assert.deepEqual(report.lengths.histogram, [2, 11, 5, 0, 0, 0, 0, 0, 0]);
    assert.equal(report.lengths.median, 44);
    assert.equal(report.lengths.max, 60);
    assert.ok(report.diversity.distinct1 > 0 && report.diversity.distinct1 < 1, `distinct-1 ${report.diversity.distinct1}`);
    assert.ok(report.diversity.distinct2 > report.diversity.distinct1, 'pairs are more varied than single characters');
    assert.deepEqual(report.languages, [{ language: 'zh', count: 18 }]);
    assert.deepEqual(report.duplicates.within, { exact: 0, near: 0 });
    assert.equal(report.duplicates.againstSeeds, null);
    assert.equal(report.duplicates.nearLimit, NEAR_DUPLICATE_LIMIT);
    assert.equal(report.seedFile, null);
    assert.equal(report.seedLengths, null);
    assert.equal(report.comparison, null);
  });

  test('a synthetic file is compared with the seed file beside it', async () => {
    write('reviews-sentiment.zh.synthetic.jsonl', SYNTHETIC.map((record) => JSON.stringify(record)).join('\n') + '\n');
    await vscode.commands.executeCommand('seedling.showDatasetHealth', fileUri('reviews-sentiment.zh.synthetic.jsonl'));
    const report = asReport(api.datasetHealth.state);
    assert.equal(report.records, 10);
    assert.equal(report.seedFile, SEED);
    assert.equal(report.seedRecords, 18);
    assert.deepEqual(report.labels, [{ label: '积极', count: 7 }, { label: '消极', count: 2 }, { label: '中性', count: 1 }]);
    assert.equal(report.seedLabels?.length, 3);
    assert.equal(sum(report.seedLengths?.histogram ?? []), 18);
    assert.equal(sum(report.lengths.histogram), 10);
    // Within: record 5 repeats record 4 but for its punctuation, record 6 nearly repeats it.
    assert.deepEqual(report.duplicates.within, { exact: 1, near: 1 });
    // Against the seeds: records 1 and 2 are seeds, record 3 is seed 2 with one dish changed.
    assert.deepEqual(report.duplicates.againstSeeds, { exact: 2, near: 1 });
    const comparison = report.comparison;
    assert.ok(comparison);
    // Labels 7 / 2 / 1 against 6 / 6 / 6: total variation ½(|.7−⅓| + |.2−⅓| + |.1−⅓|) = 0.3667.
    assert.ok(Math.abs((comparison.labelShift ?? -1) - 0.36667) < 1e-4, `label shift ${comparison.labelShift}`);
    assert.ok(comparison.unigramJsDivergence > 0 && comparison.unigramJsDivergence < comparison.bigramJsDivergence, `JSD ${comparison.unigramJsDivergence} / ${comparison.bigramJsDivergence}`);
    assert.ok(comparison.responseLengthRatio !== null && comparison.responseLengthRatio > 0.5 && comparison.responseLengthRatio < 2);
    assert.ok(report.seedDiversity);
  });

  test('the palette command reads the active editor, unsaved edits included', async () => {
    // A copy, so the shared seed file stays as it is whatever becomes of the edit.
    const copy = write('health-unsaved.jsonl', readFileSync(fileUri(SEED).fsPath, 'utf8'));
    const document = await vscode.workspace.openTextDocument(copy);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => {
      edit.insert(new vscode.Position(document.lineCount, 0), `${JSON.stringify({ text: '还行吧，没什么特别的。', label: '中性' })}\n`);
    });
    assert.ok(document.isDirty);
    await vscode.commands.executeCommand('seedling.showDatasetHealth');
    const report = asReport(api.datasetHealth.state);
    assert.equal(report.subject.name, 'health-unsaved.jsonl');
    assert.equal(report.records, 19);
    assert.equal(report.labels.find((entry) => entry.label === '中性')?.count, 7);
  });

  test('a file without one usable record shows why, at its line', async () => {
    const broken = write('broken.jsonl', 'this is not JSON\n{"text": "半条记录"\n');
    await vscode.commands.executeCommand('seedling.showDatasetHealth', broken);
    const state = api.datasetHealth.state;
    assert.equal(state?.type, 'healthError');
    assert.deepEqual(state.subject, { kind: 'file', name: 'broken.jsonl' });
    assert.match(state.message, /broken\.jsonl has no records Seedling can use\. The first problem, on line 1: /);

    await vscode.commands.executeCommand('seedling.showDatasetHealth', fileUri('missing.jsonl'));
    const missing = api.datasetHealth.state;
    assert.equal(missing?.type, 'healthError');
    assert.match(missing.message, /^Cannot read missing\.jsonl: .*ENOENT/);
  });

  test(`above ${NEAR_DUPLICATE_LIMIT} records only exact duplicates are counted`, async () => {
    let state = 7;
    const random = (): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const lines: string[] = [];
    for (let i = 0; i < NEAR_DUPLICATE_LIMIT + 100; i++) {
      const words = Array.from({ length: 6 + Math.floor(random() * 10) }, () => `w${Math.floor(random() * 5000)}`);
      lines.push(JSON.stringify({ text: `${i} ${words.join(' ')}`, label: i % 2 === 0 ? 'even' : 'odd' }));
    }
    // The last 40 repeat the first 40 word for word.
    const records = [...lines.slice(0, -40), ...lines.slice(0, 40)];
    const uri = write('large.jsonl', `${records.join('\n')}\n`);
    await vscode.commands.executeCommand('seedling.showDatasetHealth', uri);
    const report = asReport(api.datasetHealth.state);
    assert.equal(report.records, NEAR_DUPLICATE_LIMIT + 100);
    assert.deepEqual(report.duplicates.within, { exact: 40, near: null });
    assert.deepEqual(report.labels, [{ label: 'even', count: (NEAR_DUPLICATE_LIMIT + 100) / 2 }, { label: 'odd', count: (NEAR_DUPLICATE_LIMIT + 100) / 2 }]);
  });

  test('Refresh computes the subject again; forged messages are rejected and logged', async () => {
    const uri = write('refresh.jsonl', `${JSON.stringify({ text: '不错', label: '积极' })}\n`);
    await vscode.commands.executeCommand('seedling.showDatasetHealth', uri);
    assert.equal(asReport(api.datasetHealth.state).records, 1);
    appendFileSync(uri.fsPath, `${JSON.stringify({ text: '一般', label: '中性' })}\n`);
    const accepted = await api.datasetHealth.receive({ type: 'refreshHealth' });
    assert.equal(accepted.ok, true);
    await api.datasetHealth.whenSettled();
    assert.equal(asReport(api.datasetHealth.state).records, 2);

    const forged: [unknown, string][] = [
      [{ type: 'refreshHealth', path: '/etc/passwd' }, 'invalidShape'],
      [{ type: 'healthReport' }, 'unknownType'],
      [{ type: 'executeCommand', command: 'workbench.action.terminal.new' }, 'unknownType'],
      ['refreshHealth', 'notAnObject'],
    ];
    for (const [message, reason] of forged) {
      const result = await api.datasetHealth.receive(message);
      assert.equal(result.ok, false, JSON.stringify(message));
      assert.equal(result.reason, reason, JSON.stringify(message));
    }
    const logged = api.recentLog().filter((line) => line.startsWith('warn: Dataset Health view: rejected a webview message'));
    assert.ok(logged.length >= forged.length, logged.join('\n'));
  });

  test('a run: its pending and accepted candidates, latest samples and judge scores, against its seed file', async () => {
    const root = workspaceRoot();
    const runId = '20261121-000000-hlth';
    const dir = runDirectory(root, runId);
    written.push(dir);
    mkdirSync(dir, { recursive: true });
    const at = '2026-11-21T00:00:00.000Z';
    await writeRunManifest(dir, {
      version: 1,
      id: runId,
      createdAt: at,
      updatedAt: at,
      status: 'completed',
      seed: { path: SEED, sha256: '0'.repeat(64), format: 'classification', records: 18 },
      config: { strategy: 'classification', count: 5, options: {} },
      provider: { id: 'openai', baseUrl: 'http://127.0.0.1:9/v1', models: { generator: ['gen'], judge: ['judge'] } },
      templates: {},
      counts: { generated: 5, accepted: 1, rejected: 1, pending: 2, saved: 0, failed: 1 },
      usage: { requests: 10, promptTokens: 100, completionTokens: 100 },
      cost: { usd: 0 },
      timestamps: { started: at },
    });
    const provenance = { strategy: 'classification', models: ['gen'], templateHash: 'h', seedIds: ['line:1'], at, usage: { promptTokens: 1, completionTokens: 1 } };
    const sample = (text: string, label: string): { kind: 'classification'; text: string; label: string } => ({ kind: 'classification', text, label });
    const verdict = (overall: number): { overall: number; criteria: never[]; models: string[] } => ({ overall, criteria: [], models: ['judge'] });
    const now = new Date(at);
    const events: CandidateEvent[] = [
      makeEvent('generated', 'c1', { sample: sample('包装很好，物流也快，下次还来。', '积极'), provenance }, now),
      makeEvent('generated', 'c2', { sample: sample('一般般。', '中性'), provenance }, now),
      makeEvent('generated', 'c3', { sample: sample('东西收到了，还没用。', '积极'), provenance }, now),
      makeEvent('generated', 'c4', { sample: sample('质量太差，第二天就坏了。', '消极'), provenance }, now),
      makeEvent('generated', 'c5', { sample: sample('x', '积极'), provenance }, now),
      makeEvent('judged', 'c1', { verdict: verdict(4.6) }, now),
      makeEvent('judged', 'c2', { verdict: verdict(2.2) }, now),
      makeEvent('judged', 'c3', { verdict: verdict(1.2) }, now),
      makeEvent('judged', 'c3', { verdict: verdict(3.4) }, now), // judged again: the latest verdict counts
      makeEvent('edited', 'c3', { sample: sample('东西收到了，还没用，看起来和描述一致。', '中性'), by: 'user' }, now),
      makeEvent('accepted', 'c1', { by: 'user' }, now),
      makeEvent('rejected', 'c2', { by: 'judge' }, now),
      makeEvent('failed', 'c5', { error: 'timeout', retryable: true }, now),
    ];
    const journal = await CandidateJournal.open(dir);
    await journal.append(events);
    await journal.close();
    appendFileSync(journalPath(dir), 'not an event\n');

    await showRunHealth(api.datasetHealth, root, runId);
    const report = asReport(api.datasetHealth.state);
    assert.deepEqual(report.subject, { kind: 'run', name: runId });
    assert.equal(report.records, 3, 'c1 accepted, c3 and c4 pending; the rejected and the failed are left out');
    assert.equal(report.format, 'classification');
    assert.equal(report.container, null);
    assert.deepEqual(report.problems, { errors: 1, warnings: 0 });
    assert.deepEqual(report.scores, { histogram: [0, 0, 1, 0, 1], mean: 4, count: 2 });
    assert.deepEqual(
      [...report.labels].sort((a, b) => a.label.localeCompare(b.label)),
      [{ label: '中性', count: 1 }, { label: '积极', count: 1 }, { label: '消极', count: 1 }].sort((a, b) => a.label.localeCompare(b.label)),
      'c3 counts with its edited label',
    );
    assert.equal(report.seedFile, SEED);
    assert.equal(report.seedRecords, 18);
    assert.deepEqual(report.duplicates.againstSeeds, { exact: 0, near: 0 });
    assert.ok(report.comparison);
    assert.ok(Math.abs((report.comparison.labelShift ?? -1) - 0) < 1e-9, 'one of each label against 6 / 6 / 6: no shift');
  });

  test('a run without candidates to show says so', async () => {
    const root = workspaceRoot();
    await showRunHealth(api.datasetHealth, root, 'no-such-run');
    const state = api.datasetHealth.state;
    assert.equal(state?.type, 'healthError');
    assert.deepEqual(state.subject, { kind: 'run', name: 'no-such-run' });
    assert.match(state.message, /^Cannot read run no-such-run: .*run\.json does not exist/);
  });
});
