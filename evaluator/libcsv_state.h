/* libcsv 3.0.3's parser states, which csv_reader.c reads and sets (struct csv_parser is public;
 * the names of its states are private to libcsv.c). A libcsv that numbers them otherwise would
 * silently misread quoted cells: test_libcsv_state pins these numbers against the libcsv that
 * is built with, and fails loudly, naming this file, on any other. */
#ifndef DDCHECK_LIBCSV_STATE_H
#define DDCHECK_LIBCSV_STATE_H

/** The libcsv release the states were read from (csv.h's CSV_MAJOR, CSV_MINOR, CSV_RELEASE). */
#define LIBCSV_STATE_MAJOR 3
#define LIBCSV_STATE_MINOR 0
#define LIBCSV_STATE_RELEASE 3

/** struct csv_parser's pstate: between records; between cells; inside a cell; just after a
 *  quote in a quoted cell (it may be the closing one). */
enum {
    LIBCSV_ROW_NOT_BEGUN = 0,
    LIBCSV_FIELD_NOT_BEGUN = 1,
    LIBCSV_FIELD_BEGUN = 2,
    LIBCSV_FIELD_MIGHT_HAVE_ENDED = 3,
};

#endif
