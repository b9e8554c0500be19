// Svelte 5 compiles TypeScript in <script lang="ts"> itself; runes mode everywhere.
export default {
  compilerOptions: { runes: true },
};
