// The webviews' own strings, in every language Seedling ships. The extension tells the
// webview VS Code's display language in `init`.

const en = {
  loading: 'Loading…',
  reviewTitle: 'Review',
  reviewSubtitle: 'Synthetic candidates, checked against the seeds they came from.',
  noRunsTitle: 'No runs yet',
  noRunsBody: 'Right-click a seed file (.jsonl, .json or .csv) in the Explorer and choose “Seedling: Generate Samples…”. Candidates appear here as they arrive.',
  noCandidatesForSeed: 'No candidates yet for this seed file.',
  seedFile: 'Seed file',
  generate: 'Generate Samples…',
  runsHeading: 'Runs',
  workspace: 'Workspace',
  noWorkspace: 'No folder open',
  restricted: 'Restricted Mode: generation and judging are off until you trust this workspace.',
  healthTitle: 'Dataset Health',
  healthEmpty: 'Select a run or a dataset file to see its health: scores, lengths, labels and diversity.',
  version: 'Seedling {0}',
} as const;

export type Strings = { readonly [K in keyof typeof en]: string };

const zhCn: Strings = {
  loading: '加载中…',
  reviewTitle: '审阅',
  reviewSubtitle: '合成候选样本，与其来源种子逐条对照。',
  noRunsTitle: '还没有运行',
  noRunsBody: '在资源管理器中右键单击种子文件（.jsonl、.json 或 .csv），选择“Seedling: 生成样本…”。候选样本生成后会出现在这里。',
  noCandidatesForSeed: '此种子文件还没有候选样本。',
  seedFile: '种子文件',
  generate: '生成样本…',
  runsHeading: '运行',
  workspace: '工作区',
  noWorkspace: '未打开文件夹',
  restricted: '受限模式：信任此工作区之前，生成和评审功能处于关闭状态。',
  healthTitle: '数据集健康',
  healthEmpty: '选择一次运行或一个数据集文件，查看其评分、长度、标签和多样性。',
  version: 'Seedling {0}',
};

const tables: Readonly<Record<string, Strings>> = { en, 'zh-cn': zhCn };

/** Strings for a VS Code locale such as `zh-cn` or `en-us`, English when none match. */
export function stringsFor(locale: string): Strings {
  const lower = locale.toLowerCase();
  return tables[lower] ?? tables[lower.split('-')[0] ?? ''] ?? (lower.startsWith('zh') ? zhCn : en);
}

/** Fills `{0}`, `{1}`… in a string. */
export function format(template: string, ...values: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (match, index: string) => values[Number(index)] ?? match);
}
