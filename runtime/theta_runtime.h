/*===- theta_runtime.h - the C interface of Theta's runtime ---------------===*
 *
 * What the headers theta-aot writes call: a C program that links an
 * exported function's object and //runtime:core (no compiler) runs it
 * through theta_run, and reads the saved values of its shared variables
 * from the .theta file with theta_read_shared.
 *
 *===----------------------------------------------------------------------===*/
#ifndef THETA_RUNTIME_C_H
#define THETA_RUNTIME_C_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Calls a compiled entry with one pointer per buffer (inputs, shared
 * values, then results). Returns 0, or -1 with the reason in
 * theta_last_error() (an index out of range, memory, NaN checks). */
int theta_run(void (*entry)(void **), void **buffers);

/* The message of this thread's last failure ("" when none). */
const char *theta_last_error(void);

/* Copies the saved value of shared variable `name` from the .theta file at
 * `path` into `data`, which holds `bytes` bytes. The stored array must have
 * dtype `dtype` ("float32", "int64", ...) and exactly `bytes` bytes.
 * Returns 0, or -1 with the reason in theta_last_error(). */
int theta_read_shared(const char *path, const char *name, const char *dtype, void *data,
                      size_t bytes);

#ifdef __cplusplus
}
#endif

#endif /* THETA_RUNTIME_C_H */
