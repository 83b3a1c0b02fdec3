/**
 * Runs one of this area's CLI commands in a real process, as the CLI would:
 *   node --import tsx runCommand.ts serve --model … (the lead registers them in runCli.ts).
 */
import type { Command } from '../../../src/cli/Command.ts';

const [name, ...argv] = process.argv.slice(2);
if (name !== 'serve' && name !== 'generate' && name !== 'runs') throw new Error(`not one of ours: ${name}`);
const { command } = (await import(`../../../src/cli/commands/${name}.ts`)) as { command: Command };
process.exitCode = await command.run({ argv, env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });
