/** The built exporter as a child process (the shared test harness), with its output watched. */
import { startExporter as startExporterProcess } from '../../test/harness/processes.js';

export interface ExporterChild {
  readonly url: string;
  /** Lines of stdout and stderr mentioning an unhandled rejection or uncaught exception. */
  readonly unhandled: string[];
  exitCode(): number | null;
  stop(): Promise<void>;
}

export async function startExporter(configPath: string): Promise<ExporterChild> {
  const unhandled: string[] = [];
  let exitCode: number | null = null;
  const child = await startExporterProcess({
    configFile: configPath,
    // No node flags: the exporter bounds its own heap, as it does for users.
    onLine: (line) => {
      if (/unhandled|uncaught/i.test(line)) unhandled.push(line);
    },
  });
  void child.exited.then((exit) => {
    exitCode = exit.code ?? -1;
  });
  return {
    url: child.url,
    unhandled,
    exitCode: () => exitCode,
    stop: async () => {
      await child.stop(10_000);
    },
  };
}
