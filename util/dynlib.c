// Loading a shared library at run time, once per process, and resolving its functions into a
// caller's table of typed function pointers.
#define _GNU_SOURCE // secure_getenv
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// dlsym gives an object pointer; POSIX requires that it convert to a function pointer, which ISO
// C does not say: the address is copied as bytes, of the size both have.
_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
               "function and object pointers differ in size");

// What dlerror says, or a word when it says nothing (a symbol whose value is NULL).
static const char *dl_reason(void)
{
    const char *e = dlerror();
    return e && *e ? e : "no reason given";
}

static void load(dynlib *lib)
{
    // A variable set by the environment only in a process that is not set-user-ID: it names
    // another file to load in place of the installed soname (for a library kept elsewhere, and
    // for the tests that show what happens without one).
    const char *other = lib->env ? secure_getenv(lib->env) : NULL;
    const char *file = other && *other ? other : lib->soname;
    char where[256] = "";
    if (file != lib->soname)
        snprintf(where, sizeof where, "%s names %s instead: ", lib->env, file);
    dlerror();
    void *handle = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        snprintf(lib->why, sizeof lib->why, "%s cannot be loaded (%s%s); install the package %s",
                 lib->soname, where, dl_reason(), lib->package);
        return;
    }
    for (size_t i = 0; i < lib->symbol_count; i++) {
        const dynlib_symbol *s = &lib->symbols[i];
        dlerror();
        void *address = dlsym(handle, s->name);
        if (!address) {
            snprintf(lib->why, sizeof lib->why,
                     "%s has no function %s (%s%s); install the package %s", lib->soname, s->name,
                     where, dl_reason(), lib->package);
            // The table may hold some addresses: it is never handed out, and the library
            // stays open (closing one another part of the process may use is not safe).
            return;
        }
        memcpy((char *)lib->table + s->offset, &address, sizeof address);
    }
    lib->handle = handle;
}

const void *dynlib_load(dynlib *lib, char *why, size_t why_size)
{
    pthread_mutex_lock(&lib->lock);
    if (!lib->tried) {
        load(lib);
        lib->tried = true;
    }
    pthread_mutex_unlock(&lib->lock);
    if (lib->handle)
        return lib->table;
    if (why && why_size)
        snprintf(why, why_size, "%s", lib->why);
    return NULL;
}
