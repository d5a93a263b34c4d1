export const id = 450;
export const ids = [450];
export const modules = {

/***/ 7450:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  loadRunReport: () => (/* binding */ loadRunReport),
  selectEntry: () => (/* binding */ selectEntry)
});

// UNUSED EXPORTS: MAX_REPORT_BYTES, SUPPORTED_SCHEMA_VERSIONS, clip, formatErrors, loadBaselineReport, parseBaselineReport, parseRunReport, runOfReport

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/ajv/dist/2020.js
var _2020 = __webpack_require__(2210);
// EXTERNAL MODULE: ./lib/inputs.js
var inputs = __webpack_require__(646);
// EXTERNAL MODULE: ./lib/publish/pull-request.js
var pull_request = __webpack_require__(8868);
// EXTERNAL MODULE: ./lib/report/run-markdown.js
var run_markdown = __webpack_require__(7093);
// EXTERNAL MODULE: ./lib/model.js
var model = __webpack_require__(9814);
;// CONCATENATED MODULE: ./lib/baseline/report-schema.js
/**
 * The JSON Schemas (draft 2020-12) of the report. {@link REPORT_SCHEMA} is `schemaVersion: 2`, the
 * `RunReport` type of `src/model.ts` (one entry per image and platform), the one written now;
 * {@link REPORT_SCHEMA_V1} is `schemaVersion: 1`, the `Report` type (one image), still read as a
 * baseline, by `mode: comment` and by `mode: aggregate`. `docs/report.schema.json` (v2) and
 * `docs/report.schema.v1.json` are these objects written out (a unit test keeps them equal); they
 * live in code so the bundled action carries them.
 *
 * A report read back (`baseline-report`, `mode: comment`, `mode: aggregate`) is untrusted input, so
 * every string has a maximum length and every list a maximum size; the file as a whole is capped
 * by the loader. Properties the schema does not name are allowed: within a schema version the
 * report only grows by optional fields, and a reader ignores what it does not know. A change that
 * removes, renames or retypes a field takes a new schema version.
 */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Limits on untrusted text and lists, generous for real reports. */
const REPORT_LIMITS = {
    /** References, paths, file names. */
    path: 4096,
    /** Stage names, platforms, keywords, versions. */
    name: 256,
    /** Instruction text and history `created_by` (a long `RUN` with a heredoc). */
    command: 65_536,
    /** Sentences for people: reasons, budget messages and subjects. */
    text: 4096,
    /** Layers of one image (engines stop at 125–127; other tools may go further). */
    layers: 1000,
    /** Top-N lists (top wasted paths, largest files; the action writes 10). */
    topList: 1000,
    /** Stages, candidates, build args, `copiesFrom`. */
    entries: 1000,
    /** Budget results (the action has 7 budgets, 2 results for max-increase). */
    budgets: 100,
    /** Rows of `changes`, `packages` and `findings` (the action writes at most 200, all, 50). */
    rows: 20_000,
    /** Entries of a file tree summary (the action writes at most 5,000 files and 2,000 directories). */
    treeEntries: 100_000,
    /** Entries (image × platform) of a schema-2 run, and of the run `mode: aggregate` merges. */
    images: 1000
};
const bytes = { type: 'integer', minimum: 0, maximum: MAX_SAFE };
const signedBytes = { type: 'integer', minimum: -MAX_SAFE, maximum: MAX_SAFE };
const count = { type: 'integer', minimum: 0, maximum: MAX_SAFE };
const string = (maxLength) => ({
    type: 'string',
    maxLength
});
const report_schema_name = string(REPORT_LIMITS.name);
const path = string(REPORT_LIMITS.path);
const report_schema_text = string(REPORT_LIMITS.text);
/** OCI digest grammar (image-spec `descriptor.md`), bounded. */
const digest = {
    type: 'string',
    maxLength: 256,
    pattern: '^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$'
};
/** RFC 3339 date-time, as `Date.prototype.toISOString` writes it. */
const createdAt = {
    type: 'string',
    maxLength: 64,
    description: 'RFC 3339 date-time (Date.prototype.toISOString).',
    pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2})$'
};
/** The tool that wrote the report. */
const tool = {
    type: 'object',
    required: ['name', 'version'],
    properties: { name: { const: 'image-size-budget' }, version: report_schema_name }
};
/**
 * The properties of one image on one platform (`ImageResult`): the body of a schema-1 report and
 * of each entry of a schema-2 run. Required: `final`, `budgets`, `passed`.
 */
const IMAGE_RESULT_PROPERTIES = {
    build: {
        type: 'object',
        required: ['context', 'file', 'target', 'engine'],
        properties: {
            context: path,
            file: path,
            target: report_schema_name,
            engine: { $ref: '#/$defs/engineKind' },
            builder: {
                type: 'object',
                description: 'buildx only: the builder that built the image (`docker buildx ls`) and its driver (`docker`, `docker-container`, `kubernetes`, `remote`).',
                required: ['name'],
                properties: { name: report_schema_name, driver: report_schema_name }
            },
            buildArgNames: {
                type: 'array',
                description: 'The build-args keys; their values are never written (they may be secrets).',
                maxItems: REPORT_LIMITS.entries,
                items: report_schema_name
            },
            buildArgs: {
                description: 'Older reports only: build-args keys and values. No longer written.',
                type: 'object',
                maxProperties: REPORT_LIMITS.entries,
                propertyNames: report_schema_name,
                additionalProperties: string(REPORT_LIMITS.command)
            }
        }
    },
    stageChoice: { $ref: '#/$defs/stageChoice' },
    final: { $ref: '#/$defs/imageMeasurement' },
    builder: { $ref: '#/$defs/imageMeasurement' },
    comparison: { $ref: '#/$defs/builderComparison' },
    baseline: { $ref: '#/$defs/imageMeasurement' },
    baselineComparison: { $ref: '#/$defs/baselineComparison' },
    changes: {
        type: 'array',
        description: 'File changes against the baseline, folded by directory, largest first.',
        maxItems: REPORT_LIMITS.rows,
        items: { $ref: '#/$defs/fileChange' }
    },
    changesOmitted: {
        type: 'object',
        required: ['rows', 'change'],
        properties: { rows: count, change: signedBytes }
    },
    packages: {
        type: 'array',
        description: 'OS package changes against the baseline (dpkg, apk), largest first.',
        maxItems: REPORT_LIMITS.rows,
        items: { $ref: '#/$defs/packageChange' }
    },
    findings: {
        type: 'array',
        description: 'Findings with fixes on the final image, largest first.',
        maxItems: REPORT_LIMITS.rows,
        items: { $ref: '#/$defs/finding' }
    },
    budgets: {
        type: 'array',
        maxItems: REPORT_LIMITS.budgets,
        items: { $ref: '#/$defs/budgetResult' }
    },
    passed: { type: 'boolean' }
};
/** Definitions both schema versions share, referenced as `#/$defs/<name>`. */
const DEFS = {
    engineKind: { enum: ['buildx', 'buildkit', 'classic'] },
    sourceLocation: {
        type: 'object',
        required: ['file', 'line'],
        properties: { file: path, line: { type: 'integer', minimum: 1, maximum: MAX_SAFE } }
    },
    stageList: { type: 'array', maxItems: REPORT_LIMITS.entries, items: report_schema_name },
    instruction: {
        type: 'object',
        required: ['keyword', 'args', 'stage', 'location'],
        properties: {
            keyword: string(64),
            args: string(REPORT_LIMITS.command),
            stage: report_schema_name,
            location: { $ref: '#/$defs/sourceLocation' },
            copiesFrom: { $ref: '#/$defs/stageList' }
        }
    },
    stageChoice: {
        type: 'object',
        required: ['target', 'candidates', 'reason'],
        properties: {
            target: report_schema_name,
            builder: report_schema_name,
            candidates: { $ref: '#/$defs/stageList' },
            reason: report_schema_text,
            copiedBytes: {
                type: 'object',
                maxProperties: REPORT_LIMITS.entries,
                propertyNames: report_schema_name,
                additionalProperties: bytes
            }
        }
    },
    layer: {
        type: 'object',
        required: ['index', 'diffId', 'size', 'createdBy'],
        properties: {
            index: count,
            diffId: digest,
            size: bytes,
            compressedSize: bytes,
            createdBy: string(REPORT_LIMITS.command),
            instruction: { $ref: '#/$defs/instruction' },
            base: { type: 'boolean' }
        }
    },
    compressedSize: {
        type: 'object',
        required: ['size', 'exact'],
        properties: { size: bytes, exact: { type: 'boolean' }, estimate: bytes }
    },
    wastedPath: {
        type: 'object',
        required: ['path', 'removableBytes', 'cumulativeBytes', 'layers'],
        properties: {
            path,
            removableBytes: bytes,
            cumulativeBytes: bytes,
            layers: { type: 'array', maxItems: REPORT_LIMITS.layers, items: count }
        }
    },
    fileSize: {
        type: 'object',
        required: ['path', 'size', 'layer'],
        properties: { path, size: bytes, layer: count }
    },
    wasteReport: {
        type: 'object',
        required: ['efficiency', 'removableBytes', 'topPaths', 'largestFiles'],
        properties: {
            efficiency: { type: 'number', minimum: 0, maximum: 1 },
            removableBytes: bytes,
            topPaths: {
                type: 'array',
                maxItems: REPORT_LIMITS.topList,
                items: { $ref: '#/$defs/wastedPath' }
            },
            largestFiles: {
                type: 'array',
                maxItems: REPORT_LIMITS.topList,
                items: { $ref: '#/$defs/fileSize' }
            }
        }
    },
    baseSplit: {
        type: 'object',
        required: ['image', 'size', 'layerCount', 'addedSize'],
        properties: { image: path, size: bytes, layerCount: count, addedSize: signedBytes }
    },
    imageMeasurement: {
        type: 'object',
        required: ['ref', 'id', 'platform', 'size', 'layers'],
        properties: {
            ref: path,
            id: digest,
            stage: report_schema_name,
            platform: report_schema_name,
            size: bytes,
            // The engine's own inspect .Size where it means something else (containerd image store).
            engineSize: bytes,
            compressed: { $ref: '#/$defs/compressedSize' },
            layers: { type: 'array', maxItems: REPORT_LIMITS.layers, items: { $ref: '#/$defs/layer' } },
            waste: { $ref: '#/$defs/wasteReport' },
            base: { $ref: '#/$defs/baseSplit' },
            fileTree: { $ref: '#/$defs/fileTree' }
        }
    },
    changeSource: {
        type: 'object',
        required: ['file', 'line', 'instruction'],
        properties: {
            file: path,
            line: { type: 'integer', minimum: 1, maximum: MAX_SAFE },
            instruction: report_schema_text
        }
    },
    fileChange: {
        type: 'object',
        required: ['path', 'kind', 'change'],
        properties: {
            path,
            kind: { enum: ['added', 'removed', 'grew', 'shrank'] },
            before: bytes,
            after: bytes,
            change: signedBytes,
            files: count,
            source: { $ref: '#/$defs/changeSource' }
        }
    },
    packageChange: {
        type: 'object',
        required: ['manager', 'name', 'kind', 'change'],
        properties: {
            manager: { enum: ['dpkg', 'apk'] },
            name: report_schema_name,
            kind: { enum: ['added', 'removed', 'changed'] },
            beforeVersion: report_schema_name,
            afterVersion: report_schema_name,
            before: bytes,
            after: bytes,
            change: signedBytes,
            source: { $ref: '#/$defs/changeSource' }
        }
    },
    finding: {
        type: 'object',
        required: ['rule', 'bytes', 'paths', 'message', 'fix'],
        properties: {
            rule: {
                enum: [
                    'package-cache',
                    'readded-file',
                    'deleted-later',
                    'duplicate-content',
                    'build-toolchain'
                ]
            },
            bytes,
            paths: { type: 'array', maxItems: REPORT_LIMITS.topList, items: path },
            source: { $ref: '#/$defs/changeSource' },
            message: report_schema_text,
            fix: report_schema_text
        }
    },
    fileTree: {
        type: 'object',
        description: 'A bounded summary of the final filesystem, for later runs to diff against: files of at least minFileSize bytes as [path, bytes], the rest as directory totals [path, bytes, files], installed OS packages as [manager, name, version, bytes]. Paths have no leading slash.',
        required: ['minFileSize', 'files', 'dirs'],
        properties: {
            minFileSize: bytes,
            files: {
                type: 'array',
                maxItems: REPORT_LIMITS.treeEntries,
                items: {
                    type: 'array',
                    prefixItems: [path, bytes],
                    minItems: 2,
                    maxItems: 2
                }
            },
            dirs: {
                type: 'array',
                maxItems: REPORT_LIMITS.treeEntries,
                items: {
                    type: 'array',
                    prefixItems: [path, bytes, count],
                    minItems: 3,
                    maxItems: 3
                }
            },
            truncated: { type: 'boolean' },
            packages: {
                type: 'array',
                maxItems: REPORT_LIMITS.treeEntries,
                items: {
                    type: 'array',
                    prefixItems: [{ enum: ['dpkg', 'apk'] }, report_schema_name, report_schema_name, bytes],
                    minItems: 4,
                    maxItems: 4
                }
            }
        }
    },
    budgetResult: {
        type: 'object',
        required: ['name', 'subject', 'unit', 'limit', 'actual', 'passed', 'message'],
        properties: {
            name: {
                enum: [...model/* BUDGET_NAMES */.N]
            },
            subject: report_schema_text,
            unit: { enum: ['bytes', 'ratio', 'count'] },
            limit: { type: 'number' },
            actual: { type: 'number' },
            passed: { type: 'boolean' },
            message: report_schema_text
        }
    },
    builderComparison: {
        type: 'object',
        required: ['saved', 'ratio', 'percentSaved'],
        properties: {
            saved: signedBytes,
            ratio: { type: 'number', minimum: 0 },
            percentSaved: { type: 'number' }
        }
    },
    baselineComparison: {
        type: 'object',
        required: ['change', 'changePercent'],
        properties: {
            change: signedBytes,
            changePercent: { type: 'number' },
            compressedChange: signedBytes,
            compressedChangePercent: { type: 'number' },
            unchanged: { type: 'boolean' }
        }
    }
};
/** The schema of `schemaVersion: 1` (one image): read, no longer written. */
const REPORT_SCHEMA_V1 = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:image-size-budget:report:1',
    title: 'image-size-budget report, schemaVersion 1',
    description: 'The JSON report of the image-size-budget action and CLI. Sizes are integer bytes. Properties not named here are allowed (later versions of schema 1 only add optional fields); strings and lists are bounded because a report read back is untrusted input.',
    type: 'object',
    required: ['schemaVersion', 'tool', 'createdAt', 'final', 'budgets', 'passed'],
    properties: {
        schemaVersion: { const: 1 },
        tool,
        createdAt,
        ...IMAGE_RESULT_PROPERTIES
    },
    $defs: DEFS
};
/** The schema of `schemaVersion: 2` (a run: one entry per image and platform): written now. */
const REPORT_SCHEMA_V2 = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:image-size-budget:report:2',
    title: 'image-size-budget report, schemaVersion 2',
    description: "The JSON report of the image-size-budget action and CLI: one run, one entry per image and platform, and the run's verdict. Sizes are integer bytes. Properties not named here are allowed (later versions of schema 2 only add optional fields); strings and lists are bounded because a report read back is untrusted input. Schema 1 (one image, the entry's fields at the top level) is docs/report.schema.v1.json.",
    type: 'object',
    required: ['schemaVersion', 'tool', 'createdAt', 'images', 'passed'],
    properties: {
        schemaVersion: { const: 2 },
        tool,
        createdAt,
        images: {
            type: 'array',
            description: 'One entry per image and platform, in the order the run lists images, then platforms. No two entries have the same name and platform.',
            maxItems: REPORT_LIMITS.images,
            items: { $ref: '#/$defs/imageEntry' }
        },
        failures: {
            type: 'array',
            description: 'The images (on a platform) of a run of several whose build or measurement failed, in the order the run lists them; absent when none did. Each has no entry in images, and makes passed false. Build-argument values in them are masked (***).',
            minItems: 1,
            maxItems: REPORT_LIMITS.images,
            items: { $ref: '#/$defs/runFailure' }
        },
        passed: { type: 'boolean', description: 'Every entry passed and no image failed.' }
    },
    // At least one entry, or at least one failure (a run whose every build failed).
    anyOf: [
        { properties: { images: { type: 'array', minItems: 1 } } },
        { required: ['failures'], properties: { failures: { type: 'array', minItems: 1 } } }
    ],
    $defs: {
        runFailure: {
            type: 'object',
            description: 'An image on a platform that failed to build or be measured: what failed, where in the Dockerfile, and the last lines of the build log.',
            required: ['name', 'platform', 'message'],
            properties: {
                name: path,
                platform: report_schema_name,
                message: report_schema_text,
                stage: report_schema_name,
                file: path,
                line: { type: 'integer', minimum: 1, maximum: MAX_SAFE },
                instruction: report_schema_text,
                exitCode: { type: 'integer', minimum: -MAX_SAFE, maximum: MAX_SAFE },
                logTail: { type: 'array', maxItems: 200, items: report_schema_text }
            }
        },
        imageEntry: {
            type: 'object',
            description: 'One image on one platform: its key (name), the platform measured, and the fields of a schema-1 report other than schemaVersion, tool and createdAt.',
            required: ['name', 'platform', 'final', 'budgets', 'passed'],
            properties: {
                name: path,
                platform: report_schema_name,
                ...IMAGE_RESULT_PROPERTIES
            }
        },
        ...DEFS
    }
};
/** The schema reports are written in: {@link REPORT_SCHEMA_V2}. */
const REPORT_SCHEMA = (/* unused pure expression or super */ null && (REPORT_SCHEMA_V2));

;// CONCATENATED MODULE: ./lib/baseline/report.js
/**
 * Reading reports of earlier runs: `baseline-report`, `report` in `mode: comment`, `reports` in
 * `mode: aggregate`. Each file is validated against its versioned schema before anything trusts
 * it: schema 2 (a run, {@link RunReport}) and schema 1 (one image, {@link Report}, read as a run of
 * one entry). The file is untrusted: its size is capped, every string and list is bounded by the
 * schema, entries are unique by name and platform, and errors quote at most a few short schema
 * errors. Verdicts (`passed`) are taken as written here; `mode: comment` and `mode: aggregate`
 * recompute them (src/publish/aggregate.ts `recheckRun`).
 */






/** The report schema versions this version of the action reads. */
const SUPPORTED_SCHEMA_VERSIONS = [1, 2];
/**
 * Reports larger than this are refused before they are read. A real report of one image stays
 * below 1 MB; a run holds one such body per image and platform.
 */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;
/** Below this size an invalid report is validated again collecting every error, to quote a few. */
const ALL_ERRORS_BELOW = 1024 * 1024;
/** Schema errors quoted in a message. */
const QUOTED_ERRORS = 3;
/** Names quoted in a message listing a run's entries. */
const QUOTED_NAMES = 10;
const validators = new Map();
/**
 * The compiled schema of `version` (compiled once per version and mode). `first` stops at the
 * first error, so a large hostile file cannot build a huge error list; `all` collects every
 * error, used on small files.
 */
function validator(version, mode) {
    const key = `${version}:${mode}`;
    let compiled = validators.get(key);
    if (!compiled) {
        compiled = new _2020.Ajv2020({ allErrors: mode === 'all', strict: true }).compile(version === 1 ? REPORT_SCHEMA_V1 : REPORT_SCHEMA_V2);
        validators.set(key, compiled);
    }
    return compiled;
}
/**
 * Reads and validates a report file of schema 1 or 2, as a run.
 *
 * @param path the file to read.
 * @param inputName the input that named it (`baseline-report`, `report`, `reports`), quoted in
 *   errors.
 * @returns the run: a schema-2 report as written, a schema-1 report as a run of one entry
 *   ({@link runOfReport}).
 * @throws Error naming `inputName` and the path when the file is missing, not a file, larger than
 *   {@link MAX_REPORT_BYTES}, or not a valid report ({@link parseRunReport}).
 */
async function loadRunReport(path, inputName = 'baseline-report') {
    const what = `Input ${inputName}: "${path}"`;
    return parseRunReport(await readReportText(path, what), what);
}
/**
 * Parses and validates report text of schema 1 or 2, as a run. Pure.
 *
 * @param what names the input in errors, e.g. `Input baseline-report: "report.json"`.
 * @throws Error starting with `what`: not JSON (with the parser's message), not an object, a
 *   `schemaVersion` other than {@link SUPPORTED_SCHEMA_VERSIONS} (naming it and those), the first
 *   schema errors (JSON pointer and message each), or two entries with the same name and
 *   platform.
 */
function parseRunReport(text, what) {
    const data = validate(text, what);
    if (data.schemaVersion === 1)
        return runOfReport(data);
    const seen = new Set();
    for (const [index, entry] of data.images.entries()) {
        const key = (0,run_markdown.entryKey)(entry);
        if (seen.has(key)) {
            throw new Error(`${what} is not a valid image-size-budget report: /images/${index} repeats the name "${clip(entry.name, 120)}" and platform ${clip(entry.platform, 60)} of an earlier entry.`);
        }
        seen.add(key);
    }
    return data;
}
/**
 * Reads and validates a report file of one image: schema 1, or a schema-2 run of one entry
 * (returned as a schema-1 report with the run's header). For callers that know the report holds
 * one image; a run of several needs {@link loadRunReport} and {@link selectEntry}.
 *
 * @throws Error naming `inputName` and the path as {@link loadRunReport} does, and when a run
 *   holds several entries (naming them).
 */
async function loadBaselineReport(path, inputName = 'baseline-report') {
    const what = `Input ${inputName}: "${path}"`;
    return parseBaselineReport(await readReportText(path, what), what);
}
/**
 * Parses and validates report text of one image, as {@link loadBaselineReport}. Pure.
 *
 * @throws Error starting with `what`, as {@link parseRunReport}, and when a run holds several
 *   entries.
 */
function parseBaselineReport(text, what) {
    const data = validate(text, what);
    if (data.schemaVersion === 1)
        return data;
    const run = parseRunReport(text, what);
    const [only, ...others] = run.images;
    if (!only || others.length > 0) {
        throw new Error(`${what} holds ${run.images.length} images (${entryNames(run)}); expected a report of one image here.`);
    }
    return entryReport(run, only);
}
/**
 * A schema-1 report as a run of one entry. Its name is what that version keyed the image by
 * (the default comment key): `<build.file>:<build.target>` when it was built, else the image
 * repository of `final.ref` (tag and digest dropped); its platform is `final.platform`. Pure.
 */
function runOfReport(report) {
    const { schemaVersion: _version, tool, createdAt, ...result } = report;
    const name = result.build
        ? `${result.build.file}:${result.build.target}`
        : (0,pull_request/* imageRepository */.an)(result.final.ref);
    return {
        schemaVersion: 2,
        tool,
        createdAt,
        images: [{ name, platform: result.final.platform, ...result }],
        passed: result.passed
    };
}
/**
 * The entry of `run` to compare the image `name` on `platform` with (`baseline-report`): the
 * entry with that name and platform; else the only entry with that name (another platform:
 * `match: 'platform'`); else the run's only entry (another name: `match: 'only'`). The caller
 * warns when `match` is not `exact`. Pure.
 *
 * @param inputName the input that named the run, quoted in errors.
 * @throws Error naming `inputName`, the name and platform sought and the entries present when
 *   none fits: no entry of that name in a run of several, or several entries of that name on
 *   other platforms.
 */
function selectEntry(run, name, platform, inputName) {
    const exact = run.images.find(entry => entry.name === name && entry.platform === platform);
    if (exact)
        return { entry: exact, match: 'exact' };
    const named = run.images.filter(entry => entry.name === name);
    const [first] = named;
    if (first && named.length === 1)
        return { entry: first, match: 'platform' };
    const [only] = run.images;
    if (only && named.length === 0 && run.images.length === 1)
        return { entry: only, match: 'only' };
    const sought = `"${clip(name, 120)}" on ${clip(platform, 60)}`;
    throw new Error(named.length > 1
        ? `Input ${inputName}: the report has no entry for ${sought}; it has that image on ${named.map(entry => clip(entry.platform, 60)).join(', ')} only. Measure the same platforms, or compare with a report of this platform.`
        : `Input ${inputName}: the report has no image named ${sought}; it has ${entryNames(run)}. Give the image the same name (config name, bake target or comment-key) as in the run that wrote the report.`);
}
/** `"a" (linux/amd64), "b" (linux/arm64), … and 3 more`, quoted and clipped. */
function entryNames(run) {
    const shown = run.images
        .slice(0, QUOTED_NAMES)
        .map(entry => `"${clip(entry.name, 120)}" (${clip(entry.platform, 60)})`);
    const more = run.images.length > QUOTED_NAMES ? ` and ${run.images.length - QUOTED_NAMES} more` : '';
    return `${shown.join(', ')}${more}`;
}
/** The text of a report file, after checking it is a regular file within the size cap. */
async function readReportText(path, what) {
    let size;
    try {
        const info = await (0,promises_.stat)(path);
        if (!info.isFile())
            throw new Error('not a regular file');
        // A link into /proc (a job's environment) is no report, and its text must not be quoted.
        if ((0,inputs/* isUnderSpecialRoot */.G)(await (0,promises_.realpath)(path))) {
            throw new Error(`it leads under ${inputs/* SPECIAL_ROOTS */.Yk.join(', ')}`);
        }
        size = info.size;
    }
    catch (error) {
        throw new Error(`${what} cannot be read (${error.message}). Expected the path of a JSON report written by image-size-budget (its report output), e.g. downloaded from the base branch's artifact.`, { cause: error });
    }
    if (size > MAX_REPORT_BYTES) {
        throw new Error(`${what} is ${size} bytes, more than the ${MAX_REPORT_BYTES} bytes a report may have.`);
    }
    return (0,promises_.readFile)(path, 'utf8');
}
/** Parses `text` and validates it against the schema of its `schemaVersion`. */
function validate(text, what) {
    if (text.length > MAX_REPORT_BYTES) {
        throw new Error(`${what} is longer than the ${MAX_REPORT_BYTES} bytes a report may have.`);
    }
    let data;
    try {
        data = JSON.parse(text);
    }
    catch (error) {
        throw new Error(`${what} is not valid JSON (${clip(error.message, 200)}). Expected a report written by image-size-budget.`);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        throw new Error(`${what} is not a JSON object. Expected a report written by image-size-budget.`);
    }
    const version = data['schemaVersion'];
    if (version !== undefined && !SUPPORTED_SCHEMA_VERSIONS.includes(version)) {
        const shown = typeof version === 'number' ? String(version) : clip(JSON.stringify(version), 40);
        throw new Error(`${what} has schemaVersion ${shown}; this version of image-size-budget reads schemaVersion ${SUPPORTED_SCHEMA_VERSIONS.join(', ')}. Produce the report with a matching version of the action, or update the action.`);
    }
    // Without a schemaVersion, schema 2's errors say what is missing (a new report's shape).
    const schema = version === 1 ? 1 : 2;
    const first = validator(schema, 'first');
    if (!first(data)) {
        let errors = first.errors ?? [];
        if (text.length < ALL_ERRORS_BELOW) {
            const all = validator(schema, 'all');
            all(data);
            errors = all.errors ?? errors;
        }
        throw new Error(`${what} is not a valid image-size-budget report (schema version ${schema}): ${formatErrors(errors)}`);
    }
    return data;
}
/** `"/final/size must be integer; …"`: JSON pointer (or `/`) and message, first few, clipped. */
function formatErrors(errors) {
    const shown = errors.slice(0, QUOTED_ERRORS).map(error => {
        const where = clip(error.instancePath || '/', 120);
        const extra = error.keyword === 'enum' || error.keyword === 'const'
            ? ` (${clip(JSON.stringify(error.params), 120)})`
            : '';
        return `${where} ${error.message ?? error.keyword}${extra}`;
    });
    const more = errors.length > QUOTED_ERRORS ? `; and ${errors.length - QUOTED_ERRORS} more` : '';
    return `${shown.join('; ')}${more}`;
}
/** `text` cut to at most `max` UTF-16 code units, an ellipsis marking the cut (for messages). */
function clip(text, max) {
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}


/***/ }),

/***/ 9814:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ BUDGET_NAMES)
/* harmony export */ });
/**
 * The plain data the whole action passes around. Every value here is JSON-serialisable, so one
 * image's measurement can be listed, compared, stored in a report and rendered many times.
 *
 * Units: every size is an integer count of bytes. Human units appear only at the edges
 * (markdown, terminal, log lines), via `src/units.ts`.
 */
/**
 * Names of the budgets, in report order; the same strings are the action's input names. The
 * report and history schemas take their `enum` from here.
 */
const BUDGET_NAMES = [
    'max-size',
    'max-compressed-size',
    'max-ratio',
    'max-increase',
    'max-layers',
    'max-wasted-size',
    'min-efficiency',
    'max-findings-size'
];


/***/ })

};
