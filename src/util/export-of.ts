/** One named export of a discovered module; a module without it is a programming error named by file. */
export function exportOf<T>(mod: Record<string, unknown>, file: string, exportName: string): T {
  const value = mod[exportName];
  if (value === undefined) throw new Error(`${file} does not export '${exportName}'`);
  return value as T;
}
