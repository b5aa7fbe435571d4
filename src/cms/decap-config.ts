/**
 * The Decap CMS configuration of the form editor, generated from the schemas (schema-fields.ts), their doc comments
 * (schema-docs.ts), the collection registry (src/content/registry.ts) and the infographic vocabulary
 * (src/infographics/components.ts). Nothing here lists a field: a field added to a schema appears in the form the
 * next time `npm run cms` starts. Decap's options are documented at decapcms.org/docs/configuration-options/ and
 * /docs/widgets/ (pinned decap-cms 3.16.3).
 */
import { ARTICLE_COLLECTIONS, COLLECTIONS, REGISTRY, contentDir, type CollectionName } from '../content/registry';
import { FORM_SCHEMAS, schemaToFormFields, type FieldKind, type FormField } from './schema-fields';
import { readSchemaDocs } from './schema-docs';
import { editorComponentSpecs, type EditorComponentSpec } from './mdx-components';

/** One field of a Decap collection (the subset of Decap's options the generator writes). */
export interface DecapField {
  name: string;
  label: string;
  widget: string;
  required?: boolean;
  hint?: string;
  default?: unknown;
  [option: string]: unknown;
}

/** A Decap folder collection: one file per entry in a folder of content/. */
export interface DecapCollection {
  name: CollectionName;
  label: string;
  label_singular: string;
  folder: string;
  extension: string;
  /** Our formats (admin/file-format.ts, registered by setup.ts): the project's YAML writer, not Decap's. */
  format: 'jiedu-frontmatter' | 'jiedu-yaml';
  create: boolean;
  slug: string;
  identifier_field: string;
  summary: string;
  fields: DecapField[];
}

/** Where the form editor reads and writes the files. */
export type CmsBackend =
  /**
   * This computer's folder through Decap's local proxy (decap-server) at `proxyUrl`: saves go straight into the
   * files (MODE=fs), or with `workflow` through the editorial workflow on Git branches (MODE=git).
   */
  | { name: 'local'; proxyUrl: string; workflow?: boolean }
  /** A self-hosted GitLab (`baseUrl`, e.g. https://git.example.gov.cn) or Gitea/Forgejo repository `repo` (group/project). */
  | { name: 'gitlab' | 'gitea'; repo: string; baseUrl: string; branch?: string; appId?: string };

/** The whole Decap configuration object, as CMS.init({ config }) takes it. */
export interface DecapConfig {
  load_config_file: false;
  locale: 'zh_Hans';
  backend: Record<string, unknown>;
  publish_mode?: 'editorial_workflow';
  media_folder: string;
  public_folder: string;
  site_url?: string;
  show_preview_links: boolean;
  editor: { preview: boolean };
  collections: DecapCollection[];
  /** Not Decap's: the infographic components the admin script registers (CMS.registerEditorComponent). */
  jieduEditorComponents: EditorComponentSpec[];
}

/** Fields a reference picker searches and shows, per target collection: a document by title or 文号. */
export const REFERENCE_SEARCH: Readonly<Record<CollectionName, { search: string[]; display: string[] }>> = {
  organizations: { search: ['name', 'shortName', 'code'], display: ['name'] },
  documents: { search: ['title', 'docNumber', 'indexNumber'], display: ['title', 'docNumber'] },
  interpretations: { search: ['title'], display: ['title'] },
  infographics: { search: ['title'], display: ['title'] },
};

/** The field each collection's entries are listed and found by (title, or name for organisations). */
const IDENTIFIER: Readonly<Record<CollectionName, string>> = {
  organizations: 'name',
  documents: 'title',
  interpretations: 'title',
  infographics: 'title',
};

const URL_RULE: Record<'http' | 'link', [string, string]> = {
  http: ['^https?://[^\\s]+$', '请写以 http:// 或 https:// 开头的完整地址，不要有空格。'],
  link: ['^(https?://|mailto:|/(?![/\\\\]))[^\\s]+$', '请写 https:// 开头的地址、mailto: 邮箱地址，或以 / 开头的本站地址，不要有空格。'],
};

/**
 * The Decap widget options of one field kind (without name, label, hint). `required` is the field's own: the
 * fields of an optional group are not required in the form (Decap would demand them even while the group is left
 * empty); the check still refuses a group filled in by half.
 */
export function widgetOf(kind: FieldKind, label: string, required = true): Omit<DecapField, 'name' | 'label'> {
  switch (kind.kind) {
    case 'text': {
      const out: Omit<DecapField, 'name' | 'label'> = { widget: 'string' };
      // Decap builds `new RegExp(source)` without flags; a pattern that needs the u flag is left to the check.
      if (kind.pattern && !kind.pattern.unicode) out.pattern = [kind.pattern.source, `${label}的写法不对：应符合 ${kind.pattern.source}。`];
      return out;
    }
    case 'date':
      // A date picker that stores the plain YYYY-MM-DD text the files hold; '' keeps an untouched date empty.
      return { widget: 'datetime', format: 'YYYY-MM-DD', date_format: 'YYYY-MM-DD', time_format: false, picker_utc: true, default: '' };
    case 'url':
      return { widget: 'string', pattern: URL_RULE[kind.httpOnly ? 'http' : 'link'] };
    case 'select':
      return { widget: 'select', options: [...kind.options] };
    case 'boolean':
      return { widget: 'boolean' };
    case 'number':
      return {
        widget: 'number',
        value_type: kind.integer ? 'int' : 'float',
        ...(kind.min === undefined ? {} : { min: kind.min }),
        ...(kind.max === undefined ? {} : { max: kind.max }),
      };
    case 'reference':
      return referenceWidget(kind.collection, false);
    case 'list':
      if (kind.item.kind === 'reference') return referenceWidget(kind.item.collection, true);
      // default []: without it Decap starts the list with one item made of the date fields' '' defaults.
      if (kind.item.kind === 'group') return { widget: 'list', label_singular: label, default: [], fields: kind.item.fields.map(formFieldToDecap) };
      return { widget: 'list', label_singular: label, field: { name: 'item', label, ...widgetOf(kind.item, label) } };
    case 'group':
      return {
        widget: 'object',
        collapsed: false,
        fields: kind.fields.map((f) => formFieldToDecap(required ? f : { ...f, required: false })),
      };
  }
}

function referenceWidget(collection: CollectionName, multiple: boolean): Omit<DecapField, 'name' | 'label'> {
  const { search, display } = REFERENCE_SEARCH[collection];
  return {
    widget: 'relation',
    collection,
    value_field: '{{slug}}',
    search_fields: search,
    display_fields: display,
    multiple,
    options_length: 50,
  };
}

/**
 * The help under a picker: how to find the entry, named with the Chinese labels of the fields it searches
 * (“输入标题、文号或索引号中的几个字搜索……”). It replaces the schema's fix, which tells a hand editor to type a file name.
 */
export function pickerHint(collection: CollectionName): string {
  const labels = new Map(schemaToFormFields(FORM_SCHEMAS[collection]).map((f) => [f.key, f.label ?? f.key]));
  const names = REFERENCE_SEARCH[collection].search.map((key) => labels.get(key) ?? key);
  const listed = names.length > 1 ? `${names.slice(0, -1).join('、')}或${names.at(-1)}` : names[0];
  return `输入${listed}中的几个字搜索，再从列表中选；列表里没有时，先在“${REGISTRY[collection].name}”里新建。`;
}

/** One schema field as a Decap field: label (the key when the schema has no Chinese label), Chinese help, required, default. */
export function formFieldToDecap(field: FormField): DecapField {
  const label = field.label ?? field.key;
  const out: DecapField = { name: field.key, label, widget: 'string', ...widgetOf(field, label, field.required), required: field.required };
  const target = field.kind === 'reference' ? field.collection : field.kind === 'list' && field.item.kind === 'reference' ? field.item.collection : undefined;
  const hint = target ? pickerHint(target) : field.help;
  if (hint) out.hint = hint;
  // A default of false or [] would be written into every saved file; hand-written files leave such fields out.
  const meaningful = field.defaultValue !== false && !(Array.isArray(field.defaultValue) && field.defaultValue.length === 0);
  if (field.defaultValue !== undefined && meaningful && typeof field.defaultValue !== 'object') out.default = field.defaultValue;
  return out;
}

/** The body field of an article collection: Markdown for documents and interpretations, MDX with components for infographics. */
function bodyField(collection: CollectionName, components: readonly EditorComponentSpec[]): DecapField {
  const infographic = collection === 'infographics';
  return {
    name: 'body',
    label: '正文',
    widget: 'markdown',
    required: false,
    // Documents and interpretations: plain Markdown text only, saved byte for byte (Decap's rich editor rewrites
    // the whole body through remark: escapes, line breaks, tables). Infographics need the rich editor for the
    // component buttons; the body is then rewritten by Decap (see docs/cms.md).
    modes: infographic ? ['rich_text', 'raw'] : ['raw'],
    editor_components: infographic ? components.map((c) => c.id) : [],
    hint: infographic
      ? '用“+”插入关键数字、办事步骤、前后对比、提示；## 标题是图解的分节。'
      : '正文（Markdown）：## 标题、段落、列表、表格。',
  };
}

/** The Decap collection of one content collection, its fields generated from the schema under `root`. */
export function collectionConfig(root: string, collection: CollectionName, components: readonly EditorComponentSpec[] = editorComponentSpecs()): DecapCollection {
  const facts = REGISTRY[collection];
  const fields = schemaToFormFields(FORM_SCHEMAS[collection], readSchemaDocs(root, collection)).map(formFieldToDecap);
  const article = (ARTICLE_COLLECTIONS as readonly string[]).includes(collection);
  const identifier = IDENTIFIER[collection];
  return {
    name: collection,
    label: facts.list?.name.replace(/列表$/, '') ?? facts.name,
    label_singular: facts.name,
    folder: contentDir(collection).replace(/\/$/, ''),
    extension: facts.extensions[0]!.slice(1),
    format: article ? 'jiedu-frontmatter' : 'jiedu-yaml',
    create: true,
    // The file name is the entry's id and URL and must be lower-case letters, digits and hyphens (ID_PATTERN);
    // Decap makes it from this template, the editor may rename the file in Git later.
    slug: `${facts.urlPrefix}-{{year}}{{month}}{{day}}-{{hour}}{{minute}}{{second}}`,
    identifier_field: identifier,
    summary: `{{${identifier}}}`,
    fields: article ? [...fields, bodyField(collection, components)] : fields,
  };
}

/** Options of buildCmsConfig. */
export interface CmsConfigOptions {
  /** Project root: the schema sources are read from here. */
  root: string;
  backend: CmsBackend;
  /** Public address of the site (site.yaml baseUrl), for the “view on site” links. */
  siteUrl?: string;
}

/**
 * The whole Decap configuration. The editorial workflow (草稿 → 审核中 → 就绪) needs branches, so it is on for
 * GitLab (merge requests) and for the local folder with `workflow` (branches of the local repository); Decap's
 * Gitea backend (decap-cms-backend-gitea 3.5.3) refuses it, and the plain local folder saves straight into the files.
 */
export function buildCmsConfig(options: CmsConfigOptions): DecapConfig {
  const components = editorComponentSpecs();
  const { backend } = options;
  const decapBackend: Record<string, unknown> =
    backend.name === 'local'
      ? { name: 'proxy', proxy_url: backend.proxyUrl, branch: 'main' }
      : {
          name: backend.name,
          repo: backend.repo,
          branch: backend.branch ?? 'main',
          base_url: backend.baseUrl,
          api_root: backend.name === 'gitlab' ? `${backend.baseUrl}/api/v4` : `${backend.baseUrl}/api/v1`,
          ...(backend.appId ? { app_id: backend.appId, auth_type: backend.name === 'gitlab' ? 'pkce' : undefined } : {}),
          commit_messages: {
            create: '新建{{collection}}：{{slug}}',
            update: '修改{{collection}}：{{slug}}',
            delete: '删除{{collection}}：{{slug}}',
            uploadMedia: '上传文件：{{path}}',
            deleteMedia: '删除文件：{{path}}',
          },
        };
  return {
    load_config_file: false,
    locale: 'zh_Hans',
    backend: decapBackend,
    ...(backend.name === 'gitlab' || (backend.name === 'local' && backend.workflow) ? { publish_mode: 'editorial_workflow' as const } : {}),
    media_folder: 'public/images/uploads',
    public_folder: '/images/uploads',
    ...(options.siteUrl ? { site_url: options.siteUrl } : {}),
    show_preview_links: false,
    editor: { preview: true },
    collections: COLLECTIONS.map((c) => collectionConfig(options.root, c, components)),
    jieduEditorComponents: components,
  };
}
