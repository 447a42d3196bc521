// Runtimes without explicit resource management still get a working disposer.
/** `Symbol.dispose`, or the registered symbol that polyfills use where it is missing. */
export const disposeSymbol: typeof Symbol.dispose = (Symbol.dispose ?? Symbol.for("Symbol.dispose")) as typeof Symbol.dispose;
