import { InputError } from '../../data/InputError.ts';
import { launchVllm, VllmNotFoundError, VllmStartError, type LoraModule } from '../../generate/launchVllm.ts';
import { defineCommand } from '../defineCommand.ts';
import { flag } from '../_internals/flags.ts';

const help = `t2sql serve — start a local vLLM OpenAI-compatible server and keep it up until Ctrl-C.

Usage:
  t2sql serve --model ID [--lora NAME=PATH ...] [--host H] [--port P] [--vllm PATH]
              [--ready-timeout S] [-- EXTRA VLLM ARGS]

Options:
  --model ID          Hugging Face id or local folder of the base model (Qwen/Qwen2.5-Coder-7B)
  --lora NAME=PATH    serve a LoRA adapter under NAME (repeatable); requests address it by NAME
  --host H            default 127.0.0.1          --port P   1-65535, default 8000
  --vllm PATH         the vllm executable (default: vllm on PATH)
  --ready-timeout S   how long loading may take, 1-86400 seconds (default 1200)
  -- ARGS             passed to vllm serve as is, e.g. -- --max-model-len 8192

Waits until /health answers and /v1/models lists the model and every adapter, streams vLLM's log
to stderr, and stops vLLM on Ctrl-C (SIGTERM, then SIGKILL after 30 s or on a second Ctrl-C); a
Ctrl-C while it loads stops the start. Then, in another shell:
  t2sql generate --profile vllm --endpoint http://127.0.0.1:8000/v1 --model ID ...
`;

export const command = defineCommand({
  name: 'serve',
  summary: 'start a local vLLM server (base model and LoRA adapters) for t2sql generate',
  help,
  flags: {
    model: flag.requiredString('ID'),
    lora: flag.strings(),
    host: flag.string(),
    port: flag.int({ min: 1, max: 65_535, default: 8000 }),
    vllm: flag.string(),
    'ready-timeout': flag.seconds({ min: 1, max: 86_400, default: 1200 }),
  },
  positionals: true,
  async run(ctx, values, positionals) {
    if (positionals.length > 0 && !ctx.argv.includes('--')) throw new InputError(`unexpected argument '${positionals[0]}' (vLLM options go after --)`);
    const loras: LoraModule[] = values.lora.map((spec) => {
      const m = /^([^=]+)=(.+)$/.exec(spec);
      if (!m) throw new InputError(`--lora expects NAME=PATH, got '${spec}'`);
      return { name: m[1]!, path: m[2]! };
    });
    const { port } = values;
    const readyTimeoutMs = values['ready-timeout'];

    const controller = new AbortController();
    let stopRequested = false;
    let serverPid: number | null = null;
    // vLLM runs in its own process group, so nothing kills it for us: the first Ctrl-C (or
    // SIGTERM, or a closed terminal) stops it gracefully, a second one kills it at once, and
    // it is killed if this process exits any other way.
    const killGroup = (): void => {
      if (serverPid === null) return;
      try {
        process.kill(-serverPid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    let signals = 0;
    const onSignal = (): void => {
      stopRequested = true;
      controller.abort();
      if (++signals > 1) killGroup();
    };
    const signalNames = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    for (const name of signalNames) process.on(name, onSignal);
    process.on('exit', killGroup);
    try {
      const server = await launchVllm(values.model, {
        loras,
        port,
        ...(values.host ? { host: values.host } : {}),
        ...(values.vllm ? { executable: values.vllm } : {}),
        extraArgs: positionals,
        env: ctx.env,
        readyTimeoutMs,
        onLog: (line) => ctx.stderr.write(`${line}\n`),
        signal: controller.signal,
      });
      serverPid = server.pid;
      ctx.stdout.write(`vLLM ready at ${server.baseUrl} (models: ${server.models.join(', ')}); Ctrl-C stops it\n`);
      const stopped = new Promise<'signal'>((resolve) => controller.signal.addEventListener('abort', () => resolve('signal'), { once: true }));
      const why = await Promise.race([stopped, server.exited.then(() => 'exited' as const)]);
      if (why === 'exited') {
        const e = await server.exited;
        ctx.stderr.write(`t2sql serve: vLLM stopped by itself (${e.signal ? `signal ${e.signal}` : `exit code ${e.code}`})\n`);
        return 1;
      }
      ctx.stderr.write('stopping vLLM (SIGTERM; SIGKILL after 30 s, or at once on a second Ctrl-C)…\n');
      await server.stop();
      serverPid = null;
      ctx.stdout.write('vLLM stopped\n');
      return 0;
    } catch (err) {
      if (err instanceof VllmNotFoundError || err instanceof VllmStartError) {
        ctx.stderr.write(`t2sql serve: ${err.message}\n`);
        return stopRequested ? 130 : 1;
      }
      throw err;
    } finally {
      for (const name of signalNames) process.removeListener(name, onSignal);
      process.removeListener('exit', killGroup);
    }
  },
});
