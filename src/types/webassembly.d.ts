// The part of the WebAssembly JS API eddy uses. TypeScript only declares it in lib.dom, which a
// Node program should not pull in, and @types/node 20 does not declare it.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: BufferSource);
    static imports(module: Module): { module: string; name: string; kind: string }[];
    static exports(module: Module): { name: string; kind: string }[];
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  type BufferSource = ArrayBufferView | ArrayBuffer;
}
