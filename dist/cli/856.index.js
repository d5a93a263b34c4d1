export const id = 856;
export const ids = [856];
export const modules = {

/***/ 5856:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IMAGE_INPUTS: () => (/* binding */ IMAGE_INPUTS),
/* harmony export */   MAX_CONFIG_BYTES: () => (/* binding */ MAX_CONFIG_BYTES),
/* harmony export */   h5: () => (/* binding */ configImageSpec),
/* harmony export */   loadConfigFile: () => (/* binding */ loadConfigFile),
/* harmony export */   parseConfigText: () => (/* binding */ parseConfigText)
/* harmony export */ });
/* unused harmony export runSpecFromConfig */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var ajv_dist_2020_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2210);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8815);
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4238);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(646);
/* harmony import */ var _config_schema_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5121);
/* harmony import */ var _run_spec_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3372);
/* harmony import */ var _config_path_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3897);
/**
 * The config file (input `config`, default `.github/image-size-budget.yml`; CLI `--config`):
 * `defaults`, then `images`, each with a unique `name` and the action's input names as keys.
 * YAML → schema check (`CONFIG_SCHEMA`, `docs/config.schema.json`) → each image's values through
 * the same parsers as the inputs (`parseInputs`) → a {@link RunSpec}.
 *
 * Paths (`context`, `file`, `baseline-report`) are relative to the working directory (the
 * workspace in the action), like the action's inputs and like `docker buildx bake` contexts — not
 * to the config file's directory (which for the default path is `.github/`). They are kept as
 * written.
 *
 * Merging: an image's value replaces the one in `defaults`; `build-args` and
 * `budgets-per-platform` merge key by key (per platform, per budget), the image's winning.
 */







// Which file to read (no YAML or schema needed): src/spec/config-path.ts.

/** Config files larger than this are refused before they are parsed. */
const MAX_CONFIG_BYTES = 1024 * 1024;
/** Messages quoted from one invalid file. */
const QUOTED_ERRORS = 10;
/** Image-level input names: with a config file they are set in the file, not as inputs. */
const IMAGE_INPUTS = Object.keys(_config_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .IMAGE_FIELDS */ .S5).filter(key => key !== 'platforms' && key !== 'budgets-per-platform');
/**
 * Reads a config file and turns it into a run spec ({@link runSpecFromConfig}).
 *
 * @param get the action's inputs (run-level ones: `compressed`, `min-change`, `fail-on-budget`,
 *   `keep-images`, `mode`); image-level inputs must be empty.
 * @throws Error naming the file when it is missing, larger than {@link MAX_CONFIG_BYTES}, not
 *   YAML, or not the schema's shape; naming the image and field for a bad value.
 */
async function loadConfigFile(path, get) {
    let text;
    try {
        const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(path);
        if (!info.isFile())
            throw new Error('not a regular file');
        if (info.size > MAX_CONFIG_BYTES) {
            throw new Error(`${info.size} bytes, more than the ${MAX_CONFIG_BYTES} bytes allowed`);
        }
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(path, 'utf8');
    }
    catch (error) {
        throw new Error(`Config file ${path}: cannot read it (${error.message}).`, {
            cause: error
        });
    }
    return runSpecFromConfig(parseConfigText(text, path), get);
}
/**
 * Parses config file text (YAML, every scalar read as its source text so `1.20` stays `1.20`)
 * and checks it against the schema.
 *
 * @param path the file's path or a label, quoted in errors.
 * @throws Error `Config file PATH: …` for YAML errors (with line and column), and for schema
 *   errors one line each naming the image (`images[1] (api)`) and the field, with what the field
 *   expects.
 */
function parseConfigText(text, path) {
    let data;
    try {
        data = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parse */ .qg)(text, { schema: 'failsafe', prettyErrors: true });
    }
    catch (error) {
        throw new Error(`Config file ${path}: not valid YAML: ${error.message}`, {
            cause: error
        });
    }
    // An empty file (or only comments) parses to null: say so rather than "must be object".
    if (data === null || data === undefined || (typeof data === 'string' && data.trim() === '')) {
        throw new Error(`Config file ${path}: is empty: expected \`images:\`, a list of images each with a name and its budgets (e.g. \`images: [{ name: app, max-size: 200MB }]\`). The schema: docs/config.schema.json.`);
    }
    const validate = validator();
    if (!validate(data)) {
        const lines = schemaMessages(validate.errors ?? [], data);
        const more = lines.length > QUOTED_ERRORS ? `\n(and ${lines.length - QUOTED_ERRORS} more)` : '';
        throw new Error(`Config file ${path}:\n${lines.slice(0, QUOTED_ERRORS).join('\n')}${more}\nThe schema: docs/config.schema.json.`);
    }
    const file = data;
    return { path, defaults: file.defaults ?? {}, images: file.images };
}
let compiled;
/** The compiled schema (once); collects every error, a config file is small. */
function validator() {
    compiled ??= new ajv_dist_2020_js__WEBPACK_IMPORTED_MODULE_7__.Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(_config_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .CONFIG_SCHEMA */ .ln);
    return compiled;
}
/**
 * Turns a checked config file into a run spec: each image is `defaults` merged with its own
 * values, parsed by `parseInputs` (sizes, ratios, counts, references, baseline sources and their
 * combinations exactly as for inputs), plus its platforms and per-platform budgets.
 *
 * @param get the action's inputs: run-level settings come from it; an image-level input that is
 *   set (other than `context: .`, the action's default) is an error.
 * @throws Error naming the inputs set beside the file; naming the image (`images[1] (api)`) and
 *   the field (`defaults.max-size` when the value came from `defaults`) for a duplicate name or
 *   a value the input's parser refuses.
 */
function runSpecFromConfig(config, get) {
    const clashing = IMAGE_INPUTS.filter(name => {
        const value = get(name).trim();
        return value !== '' && !(name === _constants_js__WEBPACK_IMPORTED_MODULE_2__/* .Input */ .pd.context && value === '.');
    });
    if (clashing.length > 0) {
        throw new Error(`Input${clashing.length > 1 ? 's' : ''} ${clashing.join(', ')}: a config file (${config.path}) describes the images; set ${clashing.length > 1 ? 'these' : 'this'} in its defaults or images, not as an input.`);
    }
    const run = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .parseInputs */ .TL)(get);
    const seen = new Map();
    const images = config.images.map((entry, index) => {
        const where = `images[${index}] (${entry.name})`;
        const first = seen.get(entry.name);
        if (first !== undefined) {
            throw new Error(`Config file ${config.path}: ${where}.name: "${entry.name}" is already the name of images[${first}]; names must be unique (each is the image's key in the report and comment).`);
        }
        seen.set(entry.name, index);
        return configImageSpec(config, entry, where, get);
    });
    return {
        images,
        compressed: run.compressed,
        minChange: run.minChange,
        failOnBudget: run.failOnBudget,
        keepImages: run.keepImages
    };
}
/**
 * One image: `defaults` merged with `entry`, then parsed like inputs. `extra` carries what a
 * bake file resolved (its build fields replace the entry's).
 *
 * @throws Error `Config file PATH: WHERE.FIELD: …` for a value the parsers refuse.
 */
function configImageSpec(config, entry, where, get, bake) {
    const merged = mergeValues(config.defaults, entry);
    const origin = (field) => entry[field] === undefined && config.defaults[field] !== undefined
        ? `defaults.${field} (used by ${where})`
        : `${where}.${field}`;
    const fail = (error) => {
        throw new Error(`Config file ${config.path}: ${relabel(error.message, origin)}`, {
            cause: error
        });
    };
    const scalar = (name) => {
        const value = merged[name];
        return typeof value === 'string' ? value : '';
    };
    const bakeFields = bake
        ? {
            [_constants_js__WEBPACK_IMPORTED_MODULE_2__/* .Input */ .pd.context]: bake.build.context,
            [_constants_js__WEBPACK_IMPORTED_MODULE_2__/* .Input */ .pd.file]: bake.build.file,
            [_constants_js__WEBPACK_IMPORTED_MODULE_2__/* .Input */ .pd.target]: bake.build.target ?? ''
        }
        : {};
    const getter = name => name in bakeFields
        ? bakeFields[name]
        : name === _constants_js__WEBPACK_IMPORTED_MODULE_2__/* .Input */ .pd.buildArgs
            ? ''
            : name in _config_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .IMAGE_FIELDS */ .S5
                ? scalar(name)
                : get(name);
    let inputs;
    let platforms;
    const platformBudgets = {};
    try {
        inputs = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .parseInputs */ .TL)(getter);
        // Build arguments come as a map; their keys were checked by the schema.
        inputs.buildArgs = bake ? { ...bake.build.buildArgs } : { ...merged['build-args'] };
        platforms = bake
            ? bake.build.platforms
            : merged.platforms === undefined
                ? []
                : (0,_run_spec_js__WEBPACK_IMPORTED_MODULE_5__/* .parsePlatforms */ .qA)(merged.platforms, 'platforms');
    }
    catch (error) {
        return fail(error);
    }
    for (const [written, values] of Object.entries(merged['budgets-per-platform'] ?? {})) {
        const label = `budgets-per-platform.${written}`;
        let platform;
        try {
            platform = (0,_run_spec_js__WEBPACK_IMPORTED_MODULE_5__/* .parsePlatforms */ .qA)(written, label)[0];
            if (platforms.length > 0 && !platforms.includes(platform)) {
                throw new Error(`Input ${label}: ${platform} is not one of the image's platforms (${platforms.join(', ')}).`);
            }
            // The same parsers (and checks, e.g. max-increase needs a baseline) as the image's budgets.
            const budgets = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_3__/* .parseInputs */ .TL)(name => name in _config_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .BUDGET_FIELDS */ .Ax ? (values[name] ?? '') : getter(name)).budgets;
            platformBudgets[platform] = definedOnly(budgets);
        }
        catch (error) {
            return fail(new Error(error.message.replace(/^Input ([\w-]+):/, `Input ${label}.$1:`)));
        }
    }
    return (0,_run_spec_js__WEBPACK_IMPORTED_MODULE_5__/* .imageSpecFromInputs */ .GO)(entry.name, inputs, {
        platforms,
        platformBudgets,
        ...(bake ? { tags: bake.build.tags, bake: { files: bake.files, target: entry.name } } : {})
    });
}
const BASELINE_FIELDS = [_constants_js__WEBPACK_IMPORTED_MODULE_2__/* .Input */ .pd.baseline, _constants_js__WEBPACK_IMPORTED_MODULE_2__/* .Input */ .pd.baselineImage, _constants_js__WEBPACK_IMPORTED_MODULE_2__/* .Input */ .pd.baselineReport];
/**
 * `defaults` under `entry`; `build-args` and `budgets-per-platform` merged key by key; a baseline
 * source of the image replaces the default one.
 */
function mergeValues(defaults, entry) {
    const merged = { ...defaults, ...entry };
    // One baseline source: the image's replaces the default one, whichever key each uses.
    if (BASELINE_FIELDS.some(field => entry[field] !== undefined)) {
        for (const field of BASELINE_FIELDS)
            merged[field] = entry[field];
    }
    if (defaults['build-args'] || entry['build-args']) {
        merged['build-args'] = { ...defaults['build-args'], ...entry['build-args'] };
    }
    const own = entry['budgets-per-platform'];
    const inherited = defaults['budgets-per-platform'];
    if (own && inherited) {
        const platforms = { ...inherited };
        for (const [platform, values] of Object.entries(own)) {
            platforms[platform] = { ...inherited[platform], ...values };
        }
        merged['budgets-per-platform'] = platforms;
    }
    return merged;
}
function definedOnly(budgets) {
    return Object.fromEntries(Object.entries(budgets).filter(([, value]) => value !== undefined));
}
/**
 * An input parser's message, reworded for the file: `Input max-size: …` → `WHERE.max-size: …`,
 * `image: …` → `WHERE.image: …`, `Inputs a, b: …` → `WHERE: a, b: …` (the parsers name inputs; in
 * the file they are fields).
 */
function relabel(message, origin) {
    const one = /^Input ([\w./-]+?)(\.[\w-]+)?: /.exec(message);
    if (one) {
        const field = one[1];
        const rest = message.slice(one[0].length);
        return `${origin(field)}${one[2] ?? ''}: ${rest}`;
    }
    // parseImageSource names the input without "Input ".
    const bare = /^([\w-]+): /.exec(message);
    if (bare && bare[1] in _config_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .IMAGE_FIELDS */ .S5) {
        return `${origin(bare[1])}: ${message.slice(bare[0].length)}`;
    }
    const many = /^Inputs ([^:]+): /.exec(message);
    if (many)
        return `${origin('').replace(/\.$/, '')}: ${message.slice('Inputs '.length)}`;
    return message;
}
/** Ajv errors → one line per offending value, each naming the image and the field. */
function schemaMessages(errors, data) {
    const byPath = new Map();
    for (const error of errors) {
        const key = error.keyword === 'additionalProperties'
            ? `${error.instancePath}/${escapePointer(String(error.params['additionalProperty']))}`
            : error.keyword === 'required'
                ? `${error.instancePath}/${escapePointer(String(error.params['missingProperty']))}`
                : error.instancePath;
        byPath.set(key, [...(byPath.get(key) ?? []), error]);
    }
    const lines = [];
    for (const [pointer, group] of byPath) {
        const segments = pointer.split('/').slice(1).map(unescapePointer);
        const where = describePath(segments, data);
        const field = segments[segments.length - 1] ?? '';
        const parent = segments[segments.length - 2];
        const kinds = new Set(group.map(e => e.keyword));
        if (kinds.has('additionalProperties')) {
            const known = knownFields(segments);
            const near = known.find(k => distance(k, field) <= 2);
            lines.push(`${where}: unknown field${near ? ` (did you mean ${near}?)` : ''}. Fields are the action's input names.`);
        }
        else if (kinds.has('required')) {
            lines.push(`${where}: missing (required)`);
        }
        else if (kinds.has('propertyNames')) {
            lines.push(field === 'build-args'
                ? `${where}: build argument names are letters, digits and _, not starting with a digit`
                : `${where}: expected platforms like linux/arm64 as keys`);
        }
        else if (parent === 'platforms') {
            lines.push(`${where}: expected a platform like linux/arm64 (OS/ARCH[/VARIANT])`);
        }
        else if (field in _config_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .IMAGE_FIELDS */ .S5 && parent !== 'build-args') {
            lines.push(`${where}: expected ${_config_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .IMAGE_FIELDS */ .S5[field]}`);
        }
        else if (segments.length === 1 && field === 'images') {
            lines.push(`${where}: expected a list of images, each with a name`);
        }
        else if (field === 'name') {
            lines.push(`${where}: expected a name of letters, digits and ._/:@- (starting with a letter or digit)`);
        }
        else {
            const first = group[0];
            lines.push(`${where}: ${first.message ?? first.keyword}`);
        }
    }
    return lines;
}
/** `["images","1","max-size"]` → `images[1] (api).max-size`. */
function describePath(segments, data) {
    let out = '';
    let node = data;
    for (const segment of segments) {
        if (Array.isArray(node)) {
            const item = node[Number(segment)];
            const name = item?.name;
            out += `[${segment}]${typeof name === 'string' && name !== '' ? ` (${name})` : ''}`;
            node = item;
        }
        else {
            out += out === '' ? segment : /^[\w-]+$/.test(segment) ? `.${segment}` : `["${segment}"]`;
            node = node?.[segment];
        }
    }
    return out === '' ? '(the file)' : out;
}
/** The fields allowed where `segments` points (its parent object). */
function knownFields(segments) {
    if (segments.length === 1)
        return Object.keys(_config_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .CONFIG_SCHEMA */ .ln.properties);
    if (segments[segments.length - 3] === 'budgets-per-platform')
        return Object.keys(_config_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .BUDGET_FIELDS */ .Ax);
    return ['name', ...Object.keys(_config_schema_js__WEBPACK_IMPORTED_MODULE_4__/* .IMAGE_FIELDS */ .S5)];
}
function escapePointer(segment) {
    return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}
function unescapePointer(segment) {
    return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}
/** Levenshtein distance, for "did you mean" (short strings only). */
function distance(a, b) {
    let row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const next = [i];
        for (let j = 1; j <= b.length; j++) {
            next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        row = next;
    }
    return row[b.length];
}


/***/ }),

/***/ 5121:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ax: () => (/* binding */ BUDGET_FIELDS),
/* harmony export */   S5: () => (/* binding */ IMAGE_FIELDS),
/* harmony export */   ln: () => (/* binding */ CONFIG_SCHEMA)
/* harmony export */ });
/**
 * The JSON Schema (draft 2020-12) of the config file (`.github/image-size-budget.yml`).
 * `docs/config.schema.json` is this object written out (a unit test keeps the two equal); it
 * lives in code so the bundled action carries it. Editors complete and check the file with it
 * (`# yaml-language-server: $schema=…` or a SchemaStore entry).
 *
 * Keys are the action's input names. Values may be written as YAML numbers or strings
 * (`max-size: 31457280` or `max-size: 30MB`); the loader reads every scalar as its source text
 * and passes it through the same parsers as the inputs, which give the precise error.
 */
/** The keys of one image that are budgets, with what their values look like (for messages). */
const BUDGET_FIELDS = {
    'max-size': 'a size like 30MB',
    'max-compressed-size': 'a size like 12MB',
    'max-ratio': 'a ratio like 0.05 or 5%',
    'max-layers': 'a whole number like 20',
    'max-wasted-size': 'a size like 5MB',
    'min-efficiency': 'a ratio like 0.95 or 95%',
    'max-increase': 'a size like 2MB or a percentage like 5%',
    'max-findings-size': 'a size like 10MB'
};
/** Every other key an image (or `defaults`) may set, with what its value looks like. */
const IMAGE_FIELDS = {
    context: 'a directory path like services/api',
    file: 'a Dockerfile path like services/api/Dockerfile',
    target: 'a stage name',
    'builder-target': 'a stage name',
    'build-args': 'a map of KEY: value',
    platforms: 'a list of platforms like [linux/amd64, linux/arm64]',
    image: 'an image reference like ghcr.io/acme/api:1.2',
    'builder-image': 'an image reference',
    baseline: 'base-ref or history',
    'baseline-image': 'an image reference',
    'baseline-report': 'a report path like baseline/report.json',
    'budgets-per-platform': 'a map of platform → budgets, like {linux/arm64: {max-size: 32MB}}',
    ...BUDGET_FIELDS
};
const SIZE_PATTERN = '^\\s*(\\d+(\\.\\d+)?|\\.\\d+)\\s*([bB]|[kKmMgG][iI]?[bB])?\\s*$';
const RATIO_PATTERN = '^\\s*(\\d+(\\.\\d+)?|\\.\\d+)\\s*%?\\s*$';
const PERCENT_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*%\\s*$';
const PLATFORM_PATTERN = '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?$';
const text = (description, maxLength = 4096) => ({
    type: 'string',
    minLength: 1,
    maxLength,
    description
});
const size = (description) => ({
    description: `${description} Bytes, or a number with a unit: B, kB, MB, GB (powers of 1000), KiB, MiB, GiB (powers of 1024).`,
    anyOf: [
        { type: 'integer', minimum: 0 },
        { type: 'string', pattern: SIZE_PATTERN }
    ],
    examples: ['30MB', '1.5GiB', 31457280]
});
const ratio = (description) => ({
    description: `${description} A fraction above 0 and at most 1, or a percentage.`,
    anyOf: [
        { type: 'number', exclusiveMinimum: 0, maximum: 1 },
        { type: 'string', pattern: RATIO_PATTERN }
    ],
    examples: ['5%', 0.05]
});
/** The budgets, as one object schema's properties (shared by images and per-platform budgets). */
const budgetProperties = {
    'max-size': size('Largest uncompressed size of the final image.'),
    'max-compressed-size': size('Largest compressed size (bytes on the wire).'),
    'max-ratio': ratio('Largest final / builder uncompressed size.'),
    'max-layers': {
        description: 'Most layers the final image may have.',
        anyOf: [
            { type: 'integer', minimum: 0 },
            { type: 'string', pattern: '^\\s*\\d+\\s*$' }
        ],
        examples: [20]
    },
    'max-wasted-size': size('Largest wasted size (bytes removable by merging layers).'),
    'min-efficiency': ratio("Smallest efficiency score (dive's)."),
    'max-findings-size': size('Largest sum of the bytes the findings’ fixes would save.'),
    'max-increase': {
        description: 'Largest growth over the baseline: a size (2MB) or a percentage of the baseline (5%). Needs a baseline.',
        anyOf: [
            { type: 'integer', minimum: 0 },
            { type: 'string', pattern: SIZE_PATTERN },
            { type: 'string', pattern: PERCENT_PATTERN }
        ],
        examples: ['5%', '2MB']
    }
};
const platformList = {
    description: 'Platforms to build and measure, each its own row with its own budgets: a list, or one comma-separated string (linux/amd64,linux/arm64). Default: the engine’s platform.',
    anyOf: [
        {
            type: 'array',
            items: { type: 'string', pattern: PLATFORM_PATTERN },
            minItems: 1,
            maxItems: 32
        },
        { type: 'string', minLength: 1, maxLength: 1024 }
    ],
    examples: [['linux/amd64', 'linux/arm64']]
};
/** Properties an image and `defaults` share. */
const imageProperties = {
    context: text('Build context directory, relative to the working directory (the workspace).'),
    file: text('Dockerfile path, relative to the working directory. Default: <context>/Dockerfile.'),
    target: text('The final stage to build and measure. Default: the last stage.', 256),
    'builder-target': text('The stage to compare with as the builder. Default: chosen from the stages the final stage copies from.', 256),
    'build-args': {
        description: 'Build arguments (KEY: value). Values are read as written (1.20 stays 1.20); they may be secrets and never reach the report.',
        type: 'object',
        propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$', maxLength: 256 },
        additionalProperties: { type: ['string', 'number', 'boolean'] },
        maxProperties: 1000
    },
    platforms: platformList,
    image: text('Measure this existing image instead of building the final stage.'),
    'builder-image': text('Measure this image as the builder.'),
    baseline: {
        description: 'base-ref: build the pull request’s base commit; history: the size history’s last entry.',
        enum: ['base-ref', 'history']
    },
    'baseline-image': text('An image to compare with (registry or local).'),
    'baseline-report': text('A JSON report of an earlier run to compare with.'),
    ...budgetProperties,
    'budgets-per-platform': {
        description: 'Budgets for one platform, over the image’s own: e.g. linux/arm64: {max-size: 32MB}.',
        type: 'object',
        propertyNames: { pattern: PLATFORM_PATTERN },
        additionalProperties: {
            type: 'object',
            properties: budgetProperties,
            additionalProperties: false
        },
        maxProperties: 32
    }
};
/** The schema object (draft 2020-12). */
const CONFIG_SCHEMA = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:image-size-budget:config:1',
    title: 'image-size-budget config file',
    description: 'Several images (and platforms) measured in one run, each with its own budgets and baseline. Keys are the action’s input names. Relative paths are relative to the working directory (the workspace), like the action’s inputs.',
    type: 'object',
    required: ['images'],
    additionalProperties: false,
    properties: {
        $schema: { type: 'string', description: 'The schema this file follows (for editors).' },
        version: { enum: [1, '1'], description: 'The config file format version.' },
        defaults: {
            description: 'Values every image starts from; an image’s own values replace them.',
            type: 'object',
            additionalProperties: false,
            properties: imageProperties
        },
        images: {
            description: 'The images to measure. Each has a unique name: its key in the report and comment.',
            type: 'array',
            minItems: 1,
            maxItems: 100,
            items: {
                type: 'object',
                required: ['name'],
                additionalProperties: false,
                properties: {
                    name: {
                        description: 'The image’s key everywhere (report, summary row, comment, history). Unique.',
                        type: 'string',
                        pattern: '^[A-Za-z0-9][A-Za-z0-9._/:@-]*$',
                        maxLength: 256
                    },
                    ...imageProperties
                }
            }
        }
    }
};


/***/ })

};
