export const id = 520;
export const ids = [520];
export const modules = {

/***/ 520:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BakeBuildError: () => (/* binding */ BakeBuildError),
/* harmony export */   bakeBuild: () => (/* binding */ bakeBuild)
/* harmony export */ });
/* unused harmony exports subjectTargetName, bakeOverrides, bakeArgs, describeBakeTarget, BakeLogReader */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var _temp_dir_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4127);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var _image_platform_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8758);
/* harmony import */ var _report_redact_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(6749);
/* harmony import */ var _build_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3262);
/* harmony import */ var _build_failure_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9210);
/* harmony import */ var _build_log_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8274);
/* harmony import */ var _detect_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9223);
/* harmony import */ var _docker_cli_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2599);
/* harmony import */ var _inspect_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(8634);
/**
 * Build the images of a bake file in one `docker buildx bake` run (issue 10): every subject —
 * a bake target, maybe another stage of it (the builder stage), maybe one platform of it — is a
 * target of that run, so bake builds them in parallel with one shared cache.
 *
 * One bake target can be built several times in one run (its final and builder stages, each
 * platform), which `--set TARGET.key=value` cannot express (it changes the one target). So each
 * subject becomes a target of its own in a small JSON bake file written beside the user's
 * (`-f USER… -f OVERRIDES.json`): `{"inherits": ["app"], "tags": [TAG], "target": STAGE,
 * "platforms": [P], "output": ["type=docker"]}`. Bake merges the files and resolves `inherits`
 * itself (checked with buildx 0.13.1: `tags`, `platforms`, `output` and `target` replace the
 * inherited values), so everything else the user's file sets — context, Dockerfile, args,
 * secrets, named contexts, cache — applies unchanged. Nothing is parsed here but bake's own
 * output: the log, to say which target and stage failed, and `--metadata-file`.
 *
 * The argument list and the override file are pure ({@link bakeArgs}, {@link bakeOverrides});
 * {@link bakeBuild} runs them.
 */











/** Bake's characters for target names (buildx `bake.go`); a leading `-` would read as a flag. */
const TARGET_NAME = /^[a-zA-Z0-9_][a-zA-Z0-9_-]*$/;
/** The name of subject `index`'s target in the override file (bake's characters only). */
function subjectTargetName(index) {
    return `image-size-budget_${index}`;
}
/** buildx learnt `--provenance` and `--sbom` on bake in v0.10.0 (docker/buildx release notes). */
const ATTEST_FLAGS_SINCE = [0, 10, 0];
/**
 * Checks the request before anything runs.
 * @throws Error naming the bake file(s) and the target for an empty file list, a target name
 *   that is not bake's, an unusable tag or stage name, a platform that is not
 *   `os/arch[/variant]`, a Dockerfile override that is not absolute, two subjects with one tag,
 *   or an engine without buildx.
 */
function checkRequest(engine, opts) {
    const files = opts.files.join(', ');
    if (opts.files.length === 0)
        throw new Error('bake: no bake file given.');
    if (opts.targets.length === 0)
        throw new Error(`bake ${files}: no target to build.`);
    if (engine.kind !== 'buildx') {
        throw new Error(`bake ${files}: docker buildx bake needs the buildx plugin, but this run builds with the ${engine.kind === 'buildkit' ? 'BuildKit of the docker CLI' : 'classic builder'} (${engine.reason}). Install buildx (docker/setup-buildx-action) or remove bake.`);
    }
    const tags = new Set();
    for (const t of opts.targets) {
        const where = `bake ${files}: target "${t.name}"`;
        if (!TARGET_NAME.test(t.name)) {
            throw new Error(`${where} is not a bake target name (letters, digits, _ and -).`);
        }
        if (!t.tag || /\s/.test(t.tag) || t.tag.startsWith('-')) {
            throw new Error(`${where}: image tag "${t.tag}" is not valid: expected a name[:tag]`);
        }
        if (tags.has(t.tag))
            throw new Error(`${where}: the tag ${t.tag} is given to two subjects`);
        tags.add(t.tag);
        if (t.target !== undefined && (!t.target || /\s/.test(t.target))) {
            throw new Error(`${where}: stage "${t.target}" is not valid: expected a stage name`);
        }
        if (t.platform !== undefined)
            (0,_image_platform_js__WEBPACK_IMPORTED_MODULE_3__/* .parsePlatform */ .FL)(t.platform, `${where}: platform`);
        if (t.dockerfile !== undefined && !(0,node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute)(t.dockerfile)) {
            throw new Error(`${where}: the Dockerfile "${t.dockerfile}" must be an absolute path`);
        }
    }
}
/**
 * The override bake file (JSON) for `targets`: one target per subject, named
 * {@link subjectTargetName}, inheriting the user's target and replacing its `tags` (the subject's
 * tag only), `output` (`type=docker`: into the engine's image store, never pushed), and, when
 * given, `target`, `dockerfile` and `platforms`. Pure.
 */
function bakeOverrides(targets) {
    const target = {};
    targets.forEach((t, index) => {
        target[subjectTargetName(index)] = {
            inherits: [t.name],
            tags: [t.tag],
            output: ['type=docker'],
            ...(t.target !== undefined ? { target: t.target } : {}),
            ...(t.dockerfile !== undefined ? { dockerfile: t.dockerfile } : {}),
            ...(t.platform !== undefined ? { platforms: [t.platform] } : {})
        };
    });
    return { target };
}
/**
 * The docker CLI arguments of one bake run (without the CLI itself):
 * `buildx bake [--builder NAME] --progress=plain [--provenance=false --sbom=false]
 * --metadata-file META -f FILE… -f OVERRIDES -- image-size-budget_0 image-size-budget_1 …`.
 * Attestations off (buildx ≥ 0.10, or of unknown version) keep each result a plain image, not an
 * index with attestation manifests. Pure.
 */
function bakeArgs(engine, opts) {
    const args = ['buildx', 'bake'];
    if (engine.builder !== undefined)
        args.push('--builder', engine.builder);
    args.push('--progress=plain');
    const v = engine.buildxVersion === undefined ? undefined : (0,_detect_js__WEBPACK_IMPORTED_MODULE_7__/* .parseVersion */ .ot)(engine.buildxVersion);
    if (v === undefined || (0,_detect_js__WEBPACK_IMPORTED_MODULE_7__/* .compareVersions */ .Zy)(v, ATTEST_FLAGS_SINCE) >= 0) {
        args.push('--provenance=false', '--sbom=false');
    }
    args.push('--metadata-file', opts.metadataFile);
    for (const file of [...opts.files, opts.overrides]) {
        args.push('-f', file.startsWith('-') ? `./${file}` : file);
    }
    args.push('--', ...Array.from({ length: opts.count }, (_, i) => subjectTargetName(i)));
    return args;
}
/**
 * A failed bake run: a {@link BuildError} whose `label` names the bake target (its stage and
 * platform when given) and the bake files; `request` is the subject that failed, when the log
 * tells (undefined when bake failed before building, e.g. an unknown target in `inherits`).
 */
class BakeBuildError extends _build_js__WEBPACK_IMPORTED_MODULE_4__/* .BuildError */ .zS {
    files;
    request;
    constructor(opts) {
        super(opts);
        this.name = 'BakeBuildError';
        this.files = opts.files;
        this.request = opts.request;
    }
    /** The same failure with the stage and the place in the Dockerfile filled in (see BuildError). */
    located(where) {
        const base = super.located(where);
        return new BakeBuildError({
            ...(base.stage !== undefined ? { stage: base.stage } : {}),
            label: base.label,
            ...(base.built !== undefined ? { built: base.built } : {}),
            exitCode: base.exitCode,
            logTail: base.logTail,
            ...(base.step ? { step: base.step } : {}),
            ...(base.instruction ? { instruction: base.instruction } : {}),
            ...(base.location ? { location: base.location } : {}),
            files: this.files,
            ...(this.request ? { request: this.request } : {})
        });
    }
}
/** How a subject reads in messages: `bake target "app" (stage "build", linux/arm64) of F`. */
function describeBakeTarget(t, files) {
    const parts = [
        ...(t.target !== undefined ? [`stage "${t.target}"`] : []),
        ...(t.platform !== undefined ? [t.platform] : [])
    ];
    return `bake target "${t.name}"${parts.length ? ` (${parts.join(', ')})` : ''} of ${files.join(', ')}`;
}
/**
 * Reads a bake log: which subject each step belongs to (BuildKit labels a bake step with its
 * target first: `#12 [image-size-budget_1 build 2/2] COPY …`), and, per subject, the failing
 * stage and step (the label without the target, fed to the single-build readers). Pure.
 */
class BakeLogReader {
    count;
    vertexOwner = new Map();
    readers;
    /** Every line, for the tail and the cache count. */
    all = new _build_log_js__WEBPACK_IMPORTED_MODULE_6__/* .BuildLogWatcher */ .Xf(_build_log_js__WEBPACK_IMPORTED_MODULE_6__/* .DEFAULT_TAIL_LINES */ .Df);
    failed;
    constructor(count) {
        this.count = count;
        this.readers = Array.from({ length: count }, () => ({
            watcher: new _build_log_js__WEBPACK_IMPORTED_MODULE_6__/* .BuildLogWatcher */ .Xf(_build_log_js__WEBPACK_IMPORTED_MODULE_6__/* .DEFAULT_TAIL_LINES */ .Df),
            step: new _build_failure_js__WEBPACK_IMPORTED_MODULE_5__/* .FailedStepReader */ .l()
        }));
    }
    push(raw) {
        this.all.push(raw);
        const line = (0,_build_log_js__WEBPACK_IMPORTED_MODULE_6__/* .cleanLogLine */ .Sr)(raw);
        const labelled = /^(#(\d+) | *> )\[(\S+)(?: ([^\]]*))?\](.*)$/.exec(line);
        if (labelled) {
            const owner = this.subjectOf(labelled[3]);
            if (owner !== undefined) {
                const vertex = labelled[2];
                if (vertex !== undefined)
                    this.vertexOwner.set(vertex, owner);
                if (line.trimStart().startsWith('>'))
                    this.failed = owner;
                const rest = labelled[4];
                // BuildKit's own label without the target: `build 2/2`; `[target]` alone has none.
                this.feed(owner, `${labelled[1]}[${rest ?? 'internal'}]${labelled[5]}`);
                return;
            }
        }
        const vertexLine = /^#(\d+) /.exec(line);
        if (vertexLine) {
            const owner = this.vertexOwner.get(vertexLine[1]);
            if (owner !== undefined) {
                if (/^#\d+ ERROR\b/.test(line))
                    this.failed ??= owner;
                this.feed(owner, line);
            }
            return;
        }
        // Newer buildx names the target in its error line: `ERROR: target image-size-budget_1: …`.
        const named = /^ERROR: target (\S+?):/.exec(line);
        if (named)
            this.failed = this.subjectOf(named[1]) ?? this.failed;
        // Unlabelled lines (the error summary's source snippet, ERROR: lines) belong to whichever
        // subject failed; each reader keeps only what concerns it.
        for (let i = 0; i < this.count; i++)
            this.feed(i, line);
    }
    /** The subject that failed (0-based), when the log says. */
    failedSubject() {
        return this.failed;
    }
    /** The failing stage and step of subject `index` (see the single-build readers). */
    failure(index) {
        const r = this.readers[index];
        return { stage: r?.watcher.failedStage(), step: r?.step.result() };
    }
    subjectOf(name) {
        const m = /^image-size-budget_(\d+)$/.exec(name);
        const index = m ? Number(m[1]) : undefined;
        return index !== undefined && index < this.count ? index : undefined;
    }
    feed(index, line) {
        const r = this.readers[index];
        r?.watcher.push(line);
        r?.step.push(line);
    }
}
/**
 * Builds `opts.targets` in ONE `docker buildx bake` run ({@link bakeArgs}, with the override
 * file of {@link bakeOverrides} after the user's files), streams its log into
 * `log.group('Bake …')`, and returns each subject's image ID, in request order.
 *
 * Image IDs: bake's `--metadata-file` gives each target's `containerimage.digest` (the image ID
 * with the docker driver on the classic store; the manifest digest, which is the image's `.Id`,
 * on the containerd store) and, from some drivers, `containerimage.config.digest`; the first the
 * engine knows is the ID, else the subject's tag (set by this run, unique to it) is inspected.
 *
 * @param engine the detected engine; must build with buildx (`engine.kind === 'buildx'`).
 * @throws Error before anything runs for a bad request (see `checkRequest`: names the bake files
 *   and the target); BakeBuildError (a BuildError) when bake exits non-zero, naming the bake
 *   files and, when the log tells, the failing target, its stage and step, with the log tail
 *   (`mask` values hidden); Error naming the target when its image cannot be found afterwards.
 */
async function bakeBuild(engine, opts) {
    checkRequest(engine, opts);
    const { files, targets, log } = opts;
    const dir = await (0,_temp_dir_js__WEBPACK_IMPORTED_MODULE_1__/* .makeTempDir */ .m)('isb-bake-');
    try {
        const overrides = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'image-size-budget.bake.json');
        const metadataFile = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'metadata.json');
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(overrides, JSON.stringify(bakeOverrides(targets), null, 2));
        const args = bakeArgs(engine, { files, overrides, metadataFile, count: targets.length });
        const reader = new BakeLogReader(targets.length);
        const started = Date.now();
        const names = targets.map(t => describeBakeTarget(t, []).replace(/ of $/, ''));
        const exitCode = await log.group(`Bake ${names.join(', ')} (${files.join(', ')})`, async () => {
            log.info((0,_build_js__WEBPACK_IMPORTED_MODULE_4__/* .displayCommand */ .kc)(engine.docker, args));
            const run = await (0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_8__/* .runDocker */ .ST)(engine.docker, args, {
                env: { ...engine.env },
                capture: false,
                onLine: line => {
                    reader.push(line);
                    log.info(line);
                }
            });
            return run.exitCode;
        });
        const durationMs = Date.now() - started;
        if (exitCode !== 0)
            throw bakeFailure(reader, opts, exitCode);
        const metadata = await readMetadata(metadataFile);
        const built = [];
        for (const [index, t] of targets.entries()) {
            const entry = metadata[subjectTargetName(index)];
            built.push({ ...t, imageId: await builtImage(engine, entry, t, files) });
        }
        return { built, cachedSteps: reader.all.cachedSteps, durationMs };
    }
    finally {
        await (0,_temp_dir_js__WEBPACK_IMPORTED_MODULE_1__/* .removeTempDir */ .C)(dir);
    }
}
/** The error of a failed bake run, for the subject the log names (else the run as a whole). */
function bakeFailure(reader, opts, exitCode) {
    const mask = (text) => (0,_report_redact_js__WEBPACK_IMPORTED_MODULE_10__/* .maskBuildArgValues */ .HG)(text, opts.mask ?? {});
    const index = reader.failedSubject();
    const request = index === undefined ? undefined : opts.targets[index];
    const failure = index === undefined ? undefined : reader.failure(index);
    const step = failure?.step;
    return new BakeBuildError({
        ...(failure?.stage !== undefined ? { stage: failure.stage } : {}),
        label: request
            ? describeBakeTarget(request, opts.files)
            : `bake of ${opts.files.join(', ')} (targets ${[...new Set(opts.targets.map(t => t.name))].join(', ')})`,
        ...(request?.target !== undefined ? { built: request.target } : {}),
        exitCode,
        logTail: reader.all.lines().map(mask),
        ...(step
            ? {
                step: {
                    ...step,
                    ...(step.buildkit && {
                        buildkit: { ...step.buildkit, text: mask(step.buildkit.text) }
                    })
                }
            }
            : {}),
        files: opts.files,
        ...(request ? { request } : {})
    });
}
/** `--metadata-file` JSON: target → its fields; empty when bake wrote none. */
async function readMetadata(path) {
    const text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(path, 'utf8').catch(() => '');
    if (!text.trim())
        return {};
    try {
        const data = JSON.parse(text);
        return typeof data === 'object' && data !== null
            ? data
            : {};
    }
    catch {
        return {};
    }
}
/** The image ID of one built subject (see {@link bakeBuild}). */
async function builtImage(engine, entry, t, files) {
    const candidates = [entry?.['containerimage.digest'], entry?.['containerimage.config.digest']];
    for (const id of candidates) {
        if (typeof id === 'string' &&
            /^sha256:[0-9a-f]{64}$/.test(id) &&
            (await (0,_inspect_js__WEBPACK_IMPORTED_MODULE_9__/* .imageExists */ .US)(engine, id)))
            return id;
    }
    if (await (0,_inspect_js__WEBPACK_IMPORTED_MODULE_9__/* .imageExists */ .US)(engine, t.tag))
        return (await (0,_inspect_js__WEBPACK_IMPORTED_MODULE_9__/* .inspectImage */ .mm)(engine, t.tag)).id;
    throw new Error(`${describeBakeTarget(t, files)}: bake succeeded but its image is not in the engine (neither the digests bake reported nor the tag ${t.tag}).`);
}


/***/ })

};
