/* Shared libraries loaded at run time (dlopen) rather than linked: the Excel libraries, libzip
 * and libxlsxwriter pulling in OpenSSL's libcrypto on Debian 12 (about 1.6 MiB of memory dirtied
 * at load) and expat (92 KiB resident), are mapped only by a run that reads or writes a
 * workbook; libm (about 0.4 MiB) only by a run whose rules use `%` (checklist/logic_convert.c). */
#ifndef DDCHECK_DYNLIB_H
#define DDCHECK_DYNLIB_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

/** One function the caller uses: its name, and where its address goes in the caller's table (a
 *  struct of function pointers, each typed from the library's own header). */
typedef struct dynlib_symbol {
    const char *name;
    size_t offset;
} dynlib_symbol;

/** A field of a caller's table: a pointer typed as the header declares the function `name`. */
#define DYNLIB_FUNCTION(name) __typeof__(name) *name;
/** The entry of a symbol list for the field `name` of the table type `table`. */
#define DYNLIB_SYMBOL(table, name) {#name, offsetof(table, name)},

/** Room for a reason a library cannot be used (dynlib_load's `why`). */
#define DYNLIB_WHY_SIZE 512

/** A library loaded at most once per process. The caller defines one, static, with
 *  DYNLIB_INIT; dynlib_load fills it under its lock, and after that it is only read. */
typedef struct dynlib {
    const char *soname;  /**< the name the library is installed under ("libzip.so.4") */
    const char *env;     /**< a variable naming another file to load instead (or NULL) */
    const char *package; /**< the Debian package that installs it ("libzip4") */
    const dynlib_symbol *symbols;
    size_t symbol_count;
    void *table; /**< the caller's struct of function pointers */
    // Set once, under `lock`.
    pthread_mutex_t lock;
    bool tried;
    void *handle;
    char why[DYNLIB_WHY_SIZE];
} dynlib;

/** The definition of a dynlib: SONAME, ENV and PACKAGE as above, SYMBOLS an array of
 *  dynlib_symbol, TABLE the address of the caller's (static) table they point into. */
#define DYNLIB_INIT(soname_, env_, package_, symbols_, table_)                                     \
    {                                                                                              \
        .soname = (soname_), .env = (env_), .package = (package_), .symbols = (symbols_),          \
        .symbol_count = sizeof(symbols_) / sizeof *(symbols_), .table = (table_),                  \
        .lock = PTHREAD_MUTEX_INITIALIZER                                                          \
    }

/** Loads lib (its soname, or the file named by the variable lib->env when that is set and not
 *  empty, as dlopen finds it) and resolves every symbol into lib->table, the first time it is
 *  called in the process; later calls, from any thread, return what the first found. Returns the
 *  table, or NULL with the reason in `why` (`why_size` bytes, DYNLIB_WHY_SIZE is enough), in the
 *  words of DESIGN.md's messages: "libzip.so.4 cannot be loaded (DLERROR); install the package
 *  libzip4", or "libzip.so.4 has no function zip_fread (DLERROR); install the package libzip4".
 *  The library stays loaded until the process ends. */
const void *dynlib_load(dynlib *lib, char *why, size_t why_size);

#endif
