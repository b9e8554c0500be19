/**
 * The engine worker's loaded packages, kept between jobs: one per package folder and
 * provider choice. Every field of the choice is in the key (`choiceKey`), so a job that
 * asks for other settings (another provider, thread count, spinning or split guidance batch) gets sessions
 * opened with them, never ones opened for an earlier job. A load that fails is forgotten,
 * so the next job tries again.
 */
import type { ProviderChoice } from './providers';

/**
 * A key naming every field of `choice`. The record is typed over all of ProviderChoice's
 * fields, so a field added to it fails to compile here until the key includes it.
 */
export function choiceKey(choice: ProviderChoice): string {
  const fields: { [K in keyof Required<ProviderChoice>]: Required<ProviderChoice>[K] | null } = {
    provider: choice.provider ?? null,
    threads: choice.threads ?? null,
    spinning: choice.spinning ?? null,
    splitGuidance: choice.splitGuidance ?? null,
  };
  return JSON.stringify(fields);
}

export class PackageCache<P> {
  private readonly loaded = new Map<string, Promise<P>>();

  constructor(private readonly open: (dir: string, choice: ProviderChoice) => Promise<P>) {}

  /** The package in `dir` opened with `choice`: loaded once, then the same promise. */
  get(dir: string, choice: ProviderChoice): Promise<P> {
    const key = `${dir}\0${choiceKey(choice)}`;
    let pkg = this.loaded.get(key);
    if (!pkg) {
      pkg = this.open(dir, choice);
      this.loaded.set(key, pkg);
      pkg.catch(() => this.loaded.delete(key));
    }
    return pkg;
  }
}
