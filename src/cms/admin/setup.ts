/**
 * The form editor in the browser: loads the generated configuration from `npm run cms`, registers the infographic
 * components (component-codec.ts), checks every entry with the project's own check before Decap saves it, shows
 * the check's Chinese problems in the preview pane while the editor types, and starts Decap CMS (window.CMS, from
 * the pinned decap-cms bundle served beside this file). `npm run cms` serves it transpiled as /admin/setup.js; a
 * production build with the form editor switched on (admin-build.ts) writes it beside the Decap bundle, with
 * `jieduLocalServer: false` in the configuration: there is no server there to check or draw, so the check runs in
 * the Git host's pipeline (`npm run check`) instead, and the preview says so.
 */
import { componentFromBlock, componentPattern, componentToBlock, type ComponentData, type EditorComponentSpec } from './component-codec.js';
import { emptyPaths, pruneEmpty } from './entry-data.js';
import { frontmatterFromFile, frontmatterToFile, yamlFromFile, yamlToFile, type FileValues } from './file-format.js';

/** What POST /api/check answers (scripts/cms.ts). */
export interface CheckAnswer {
  /** The file the entry is (or would be) saved as, e.g. content/interpretations/x.mdx. */
  file: string;
  /** The check's problems in that file, already formatted the way `npm run check` prints them. */
  problems: { severity: 'error' | 'warning'; text: string }[];
}

/** The parts of Decap's Immutable.js entry this script reads. */
interface ImmutableMap {
  get(key: string): unknown;
  deleteIn(path: (string | number)[]): ImmutableMap;
  toJS(): Record<string, unknown>;
}

/** The parts of the global Decap object this script uses (decapcms.org/docs/customization/, /docs/registering-events/). */
interface DecapGlobal {
  init(options: { config: unknown }): void;
  registerEditorComponent(component: unknown): void;
  registerEventListener(listener: { name: string; handler: (arg: { entry: ImmutableMap }) => unknown }): void;
  registerPreviewTemplate(name: string, component: unknown): void;
  registerPreviewStyle(href: string): void;
  registerCustomFormat(name: string, extension: string, format: { fromFile(text: string): FileValues; toFile(values: FileValues, order?: readonly string[]): string }): void;
}

declare global {
  interface Window {
    CMS: DecapGlobal;
    /** React.createElement, exposed by the decap-cms bundle. */
    h: (type: unknown, props?: Record<string, unknown> | null, ...children: unknown[]) => unknown;
    /** create-react-class, exposed by the decap-cms bundle. */
    createClass: (spec: Record<string, unknown>) => unknown;
    /** The last answer of the check, for tests and for the panel. */
    jieduLastCheck?: CheckAnswer;
  }
}

/** Asks `npm run cms` to check an entry with the values of the form; `slug` is undefined for a new entry. */
export async function checkEntry(collection: string, slug: string | undefined, data: Record<string, unknown>): Promise<CheckAnswer> {
  const response = await fetch('/api/check', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ collection, slug, data: pruneEmpty(data) }),
  });
  if (!response.ok) throw new Error(`检查服务没有回答（HTTP ${response.status}）：请确认运行 npm run cms 的窗口没有关闭，再保存一次。`);
  const answer = (await response.json()) as CheckAnswer;
  window.jieduLastCheck = answer;
  return answer;
}

function registerComponents(specs: EditorComponentSpec[]): void {
  for (const spec of specs) {
    const fields: Record<string, unknown>[] = spec.props.map((p) => ({
      name: p.name,
      label: p.maxLength ? `${p.label}（最多 ${p.maxLength} 个字）` : p.label,
      widget: 'string',
      required: p.required,
    }));
    if (spec.body === 'steps') fields.push({ name: 'steps', label: '步骤（每项一步，至少 2 步）', widget: 'list', field: { name: 'step', label: '步骤', widget: 'string' } });
    if (spec.body === 'text') fields.push({ name: 'body', label: '内容', widget: 'text' });
    if (spec.body === 'block') fields.push({ name: 'body', label: '或写成列表（“原来：”和“现在：”各接一个列表，此时不填上面的原来、现在）', widget: 'text', required: false });
    window.CMS.registerEditorComponent({
      id: spec.id,
      label: spec.label,
      fields,
      pattern: componentPattern(spec),
      fromBlock: (match: string[]) => componentFromBlock(spec, match),
      toBlock: (data: ComponentData) => componentToBlock(spec, data),
      toPreview: (data: ComponentData) => componentToBlock(spec, data),
    });
  }
}

function problemsText(answer: CheckAnswer): string {
  const errors = answer.problems.filter((p) => p.severity === 'error');
  return `检查发现 ${errors.length} 个错误，没有保存。请按提示改正后再保存：\n\n${errors.map((p) => p.text).join('\n\n')}`;
}

function registerCheckOnSave(): void {
  window.CMS.registerEventListener({
    name: 'preSave',
    handler: async ({ entry }) => {
      const values = entry.get('data') as ImmutableMap;
      const plain = values.toJS();
      const newRecord = entry.get('newRecord') === true;
      const answer = await checkEntry(String(entry.get('collection')), newRecord ? undefined : String(entry.get('slug')), plain);
      // Throwing stops Decap's save; it shows the message as “保存内容失败: …”.
      if (answer.problems.some((p) => p.severity === 'error')) throw new Error(problemsText(answer));
      // The values without empty fields, still as Decap's Immutable map: what Decap writes is what a hand-written file holds.
      return emptyPaths(plain).reduce((data, path) => data.deleteIn(path), values);
    },
  });
}

/** The preview pane: the check's problems of the entry as typed (after a pause), then the title and the body. */
function registerPreviews(collections: string[], localServer: boolean): void {
  const { h, createClass } = window;
  const Preview = createClass(localServer ? previewSpec(h) : staticPreviewSpec(h));
  for (const name of collections) window.CMS.registerPreviewTemplate(name, Preview);
}

/** What POST /api/infographic-preview answers (src/cms/infographic-preview.ts). */
interface ImagePreview {
  images: string[];
  problems: string[];
}

/** What `this` is inside the preview component (create-react-class binds it). */
interface PreviewThis {
  props: { entry: ImmutableMap; widgetFor(name: string): unknown };
  state: { answer?: CheckAnswer; failed: string; image?: ImagePreview };
  setState(state: Partial<PreviewThis['state']>): void;
  timer?: ReturnType<typeof setTimeout>;
  schedule(): void;
}

function previewSpec(h: Window['h']): Record<string, unknown> & ThisType<PreviewThis> {
  return {
    getInitialState() {
      return { answer: undefined, failed: '' } satisfies PreviewThis['state'];
    },
    componentDidMount() {
      this.schedule();
    },
    componentDidUpdate(previous: PreviewThis['props']) {
      if (previous.entry !== this.props.entry) this.schedule();
    },
    componentWillUnmount() {
      clearTimeout(this.timer);
    },
    schedule() {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        const entry = this.props.entry;
        const newRecord = entry.get('newRecord') === true;
        checkEntry(String(entry.get('collection')), newRecord ? undefined : String(entry.get('slug')), (entry.get('data') as ImmutableMap).toJS())
          .then((answer) => this.setState({ answer, failed: '' }))
          .catch((e: Error) => this.setState({ failed: e.message }));
        if (entry.get('collection') === 'infographics') {
          fetch('/api/infographic-preview', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ slug: newRecord ? undefined : String(entry.get('slug')), data: pruneEmpty((entry.get('data') as ImmutableMap).toJS()) }),
          })
            .then((r) => r.json() as Promise<ImagePreview>)
            .then((image) => this.setState({ image }))
            .catch(() => this.setState({ image: { images: [], problems: ['图解预览没有生成：请确认运行 npm run cms 的窗口没有关闭。'] } }));
        }
      }, 1200);
    },
    render() {
      const data = this.props.entry.get('data') as ImmutableMap;
      const answer = this.state.answer;
      const panel = this.state.failed
        ? h('p', { role: 'alert' }, this.state.failed)
        : !answer
          ? h('p', null, '正在检查……')
          : answer.problems.length === 0
            ? h('p', { 'data-check': 'ok' }, '✓ 检查通过：保存后 npm run check 不会报告这篇内容的问题。')
            : h(
                'div',
                { role: 'alert', 'data-check': 'problems' },
                h('p', null, `检查发现 ${answer.problems.filter((p) => p.severity === 'error').length} 个错误、${answer.problems.filter((p) => p.severity === 'warning').length} 个警告（有错误时不能保存）：`),
                h('ul', null, ...answer.problems.map((p) => h('li', { 'data-severity': p.severity }, h('pre', { style: { whiteSpace: 'pre-wrap' } }, p.text)))),
              );
      return h(
        'main',
        { lang: 'zh-CN' },
        h('section', { className: 'cms-check', 'aria-label': '检查结果', style: { border: '1px solid #c00', padding: '0.5em 1em', marginBottom: '1em' } }, panel),
        h('h1', null, String(data.get('title') ?? data.get('name') ?? '')),
        this.state.image ? imagePanel(h, this.state.image) : null,
        this.props.widgetFor('body'),
      );
    },
  };
}

/** The preview without `npm run cms` behind it (the site's /admin/): title and body, and where the check runs. */
function staticPreviewSpec(h: Window['h']): Record<string, unknown> & ThisType<PreviewThis> {
  return {
    render() {
      const data = this.props.entry.get('data') as ImmutableMap;
      return h(
        'main',
        { lang: 'zh-CN' },
        h('p', { className: 'cms-check', 'data-check': 'pipeline' }, '保存后，Git 服务器上的检查（npm run check）会核对这篇内容；有错误时合并请求不能合并。'),
        h('h1', null, String(data.get('title') ?? data.get('name') ?? '')),
        this.props.widgetFor('body'),
      );
    },
  };
}

/** The rendered long image of an infographic (as the build makes it), or why it could not be drawn. */
function imagePanel(h: Window['h'], image: ImagePreview): unknown {
  if (image.problems.length) {
    return h('section', { 'aria-label': '图解长图', 'data-image': 'problems' }, h('p', null, '长图画不出来：'), ...image.problems.map((p) => h('pre', { style: { whiteSpace: 'pre-wrap' } }, p)));
  }
  return h(
    'section',
    { 'aria-label': '图解长图', 'data-image': 'ok' },
    h('p', null, '长图（和构建生成的一样；下面是文字版）：'),
    ...image.images.map((src, i) => h('img', { src, alt: `图解长图预览，第 ${i + 1} 张`, style: { maxWidth: '375px', display: 'block' } })),
  );
}

async function start(): Promise<void> {
  // Relative to the page: /admin/ under npm run cms and on the site alike.
  const response = await fetch(new URL('config.json', location.href));
  const config = (await response.json()) as { collections: { name: string }[]; jieduEditorComponents: EditorComponentSpec[]; jieduLocalServer?: boolean };
  const localServer = config.jieduLocalServer !== false;
  window.CMS.registerCustomFormat('jiedu-frontmatter', 'md', { fromFile: frontmatterFromFile, toFile: (v, order) => frontmatterToFile(v, order) });
  window.CMS.registerCustomFormat('jiedu-yaml', 'yaml', { fromFile: yamlFromFile, toFile: (v, order) => yamlToFile(v, order) });
  registerComponents(config.jieduEditorComponents);
  if (localServer) registerCheckOnSave();
  registerPreviews(config.collections.map((c) => c.name), localServer);
  window.CMS.registerPreviewStyle(new URL('site.css', location.href).href);
  const { jieduEditorComponents: _components, jieduLocalServer: _local, ...decapConfig } = config;
  window.CMS.init({ config: decapConfig });
}

start().catch((e: Error) => {
  document.body.textContent = `表单编辑器没有启动：${e.message}。用 npm run cms 时，请关掉它的窗口，重新运行 npm run cms；在网站的 /admin/ 上，请刷新页面或告诉网站管理员。`;
});
