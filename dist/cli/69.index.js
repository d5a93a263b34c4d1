export const id = 69;
export const ids = [69];
export const modules = {

/***/ 9069:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   main: () => (/* binding */ main)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4238);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7966);
/**
 * The CLI: the same core as the action, outside GitHub. Long options carry the action's input
 * names (`--file`, `--max-size 30MB`, …). Exit codes: 0 all budgets passed (or
 * `--fail-on-budget false`), 1 a budget was exceeded, 2 usage, engine or build error.
 */



const USAGE = `Usage: image-size-budget [options]

Builds a Dockerfile's final stage and its builder stage, measures both, and checks size budgets.

Options (the action's input names; sizes like 30MB = 30*10^6 bytes, 30MiB = 30*2^20 bytes):
  --context DIR             build context (default .)
  --file PATH               Dockerfile (default <context>/Dockerfile)
  --target STAGE            final stage (default the last stage)
  --builder-target STAGE    builder stage (default: detected)
  --build-args KEY=VALUE    a build argument; repeat for several
  --image REF               measure this image instead of building (local, else read from its
                            registry; also docker://, docker-archive:, oci:, oci-archive:)
  --builder-image REF       measure this image as the builder
  --builder NAME            the buildx builder to build with (default BUILDX_BUILDER or buildx's current)
  --platforms LIST          build and measure each platform (linux/amd64,linux/arm64); one entry each
  --config PATH             a config file listing several images (default
                            .github/image-size-budget.yml when present); see docs/config.schema.json
  --bake FILE               a bake file (HCL, JSON or compose) whose targets are the images; repeat
                            for several; budgets from --config or the budget options
  --targets LIST            the bake targets to measure (default the bake file's default group)
  --max-size SIZE           budget on the final image's uncompressed size
  --max-compressed-size SIZE  budget on the final image's compressed size
  --max-ratio RATIO         budget on final/builder size: 0.05 or 5%
  --max-layers N            budget on the final image's layer count
  --max-wasted-size SIZE    budget on removable (wasted) bytes
  --min-efficiency RATIO    floor on the efficiency score: 0.95 or 95%
  --max-findings-size SIZE  budget on the bytes the findings' fixes would save
  --baseline-image REF      compare with this image (local, or pulled from its registry)
  --baseline-report PATH    compare with the final image of an earlier run's JSON report
  --max-increase SIZE|PCT   budget on growth over the baseline: 5MB or 5%
  --min-change SIZE         smaller changes show as unchanged (default 1kB)
  --compressed final|all|none  which images get a compressed size (default final)
  --fail-on-budget true|false  exit 1 on a breach (default true)
  --report PATH             where to write the JSON report
  --json                    print the JSON report (schema 2: one entry per image and platform)
                            on stdout instead of the table
  --markdown PATH           also write the markdown the action would post (summary, comment)
  --history PATH            size history (JSON Lines): record this run at git HEAD, show the trend
  --history-limit N         entries kept per image in --history (default 500)
  --history-record true|false  record this run in --history (default true when --history is set)
  --history-page DIR        write DIR/index.html charting every image in --history
  --baseline history        compare with the newest --history entry at or before HEAD (no build)
  --drift-since REV|DATE    the trend shows the change since this git revision (tag, branch,
                            commit, HEAD~3) or date (YYYY-MM-DD)
  --comment-key KEY         the image's key in the history and markdown (default <file>:<target>)
  --docker PATH             the docker CLI to use (default docker)
  --keep-images             keep the tags of the images this run builds (default: removed at the end)
  --verbose                 show build logs and debug lines
  -h, --help                this text
  --version                 the version

Exit codes:
  0  all budgets passed (or none is set, or --fail-on-budget false)
  1  a budget was exceeded
  2  usage error, engine error or failed build
     (of several images, one failed build still lets the others be measured and
     reported: the table, --report and --markdown name the failed one)
`;
const STRING_INPUTS = [
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.context,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.file,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.target,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.builderTarget,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.image,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.builderImage,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.builder,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxSize,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxCompressedSize,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxRatio,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxLayers,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxWastedSize,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.minEfficiency,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxFindingsSize,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.failOnBudget,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.compressed,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.report,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.baselineImage,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.baselineReport,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxIncrease,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.minChange,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.baseline,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.commentKey,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.historyLimit,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.historyRecord,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.driftSince,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.config,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.targets,
    _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.platforms
];
/**
 * Runs the CLI over `argv` (without node and script) and returns the exit code; writes the table
 * or JSON to `stdout` and diagnostics to stderr.
 */
async function main(argv, stdout = process.stdout) {
    let values;
    try {
        const options = Object.fromEntries(STRING_INPUTS.map(name => [name, { type: 'string' }]));
        values = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({
            args: argv,
            options: {
                ...options,
                [_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.buildArgs]: { type: 'string', multiple: true },
                [_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.bake]: { type: 'string', multiple: true },
                [_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.keepImages]: { type: 'boolean' },
                json: { type: 'boolean' },
                markdown: { type: 'string' },
                history: { type: 'string' },
                [_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.historyPage]: { type: 'string' },
                docker: { type: 'string' },
                verbose: { type: 'boolean' },
                help: { type: 'boolean', short: 'h' },
                version: { type: 'boolean' }
            },
            strict: true,
            allowPositionals: false
        }).values;
    }
    catch (error) {
        process.stderr.write(`image-size-budget: ${error.message}\n\n${USAGE}`);
        return 2;
    }
    if (values.help) {
        stdout.write(USAGE);
        return 0;
    }
    if (values.version) {
        stdout.write(`${_version_js__WEBPACK_IMPORTED_MODULE_2__/* .VERSION */ .x}\n`);
        return 0;
    }
    // The run's modules load only now: --help, --version and usage errors need none of them.
    const { runCli } = await Promise.all(/* import() */[__webpack_require__.e(307), __webpack_require__.e(555)]).then(__webpack_require__.bind(__webpack_require__, 6555));
    return runCli(values, stdout);
}


/***/ }),

/***/ 4238:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   lH: () => (/* binding */ TOOL_NAME),
/* harmony export */   pd: () => (/* binding */ Input)
/* harmony export */ });
/* unused harmony export Output */
/** Input and output names: the action's public interface, in one place (action.yml mirrors them). */
const Input = {
    context: 'context',
    file: 'file',
    target: 'target',
    builderTarget: 'builder-target',
    buildArgs: 'build-args',
    image: 'image',
    builderImage: 'builder-image',
    builder: 'builder',
    maxSize: 'max-size',
    maxCompressedSize: 'max-compressed-size',
    maxRatio: 'max-ratio',
    maxLayers: 'max-layers',
    maxWastedSize: 'max-wasted-size',
    minEfficiency: 'min-efficiency',
    maxFindingsSize: 'max-findings-size',
    annotations: 'annotations',
    failOnBudget: 'fail-on-budget',
    compressed: 'compressed',
    report: 'report',
    baseline: 'baseline',
    baselineImage: 'baseline-image',
    baselineReport: 'baseline-report',
    maxIncrease: 'max-increase',
    minChange: 'min-change',
    comment: 'comment',
    commentKey: 'comment-key',
    githubToken: 'github-token',
    mode: 'mode',
    reports: 'reports',
    keepImages: 'keep-images',
    historyBranch: 'history-branch',
    historyLimit: 'history-limit',
    historyRecord: 'history-record',
    historyPage: 'history-page',
    historyTrend: 'history-trend',
    historyFallback: 'history-fallback',
    driftSince: 'drift-since',
    config: 'config',
    bake: 'bake',
    targets: 'targets',
    platforms: 'platforms'
};
const Output = {
    size: 'size',
    builderSize: 'builder-size',
    saved: 'saved',
    ratio: 'ratio',
    layers: 'layers',
    passed: 'passed',
    imageId: 'image-id',
    builderImageId: 'builder-image-id',
    report: 'report',
    compressedSize: 'compressed-size',
    builderCompressedSize: 'builder-compressed-size',
    compressedSizeExact: 'compressed-size-exact',
    efficiency: 'efficiency',
    wasted: 'wasted',
    addedSize: 'added-size',
    baselineSize: 'baseline-size',
    sizeChange: 'size-change',
    sizeChangePercent: 'size-change-percent',
    markdown: 'markdown',
    results: 'results'
};
const TOOL_NAME = 'image-size-budget';


/***/ }),

/***/ 7966:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  x: () => (/* binding */ VERSION)
});

;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"0.1.0"};
;// CONCATENATED MODULE: ./lib/version.js
/** The package version, read from package.json at bundle time. */

const VERSION = package_namespaceObject.rE;


/***/ })

};
