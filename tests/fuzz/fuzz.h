/* The one entry point every fuzz harness defines (libFuzzer's), declared for -Wmissing-prototypes.
 */
#ifndef DDCHECK_FUZZ_H
#define DDCHECK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/** Runs one input; returns 0 (libFuzzer's contract). Must not leak, crash or hang on any input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
