// `ddcheck template`: placeholder while it is being written.
#include "commands.h"

int cmd_template(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return EXIT_CANNOT_RUN;
}
