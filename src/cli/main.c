/* main.c: the pcnops program. */
#include "common.h"
#include "cli.h"

#include <signal.h>

int main(int argc, char **argv)
{
    /* A client that goes away mid-write must not kill the server. */
    signal(SIGPIPE, SIG_IGN);
    return cli_main(argc, argv);
}
