/** Demo corpus of the fictional 清溪县: regions, departments, categories, names and opinion templates. */
export * from './cases.ts';
export * from './county.ts';
export * from './names.ts';
