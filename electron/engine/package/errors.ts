/** A model package that cannot be used: the message names the file and the problem. */
export class PackageError extends Error {
  constructor(readonly packageDir: string, readonly problems: string[]) {
    super(`model package ${packageDir} cannot be used: ${problems.join('; ')}`);
    this.name = 'PackageError';
  }
}
