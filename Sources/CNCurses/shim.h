#ifndef PODDECK_CNCURSES_SHIM_H
#define PODDECK_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <sys/ioctl.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

/* Helpers for the parts of ncurses Swift cannot import: macros, globals and
   macro-like functions. Every helper is static inline and stateless. */

/* The standard screen of the current SCREEN (a global in C). */
static inline WINDOW *poddeck_stdscr(void) { return stdscr; }

/* COLORS and COLOR_PAIRS of the current SCREEN (globals in C). */
static inline int poddeck_colors(void) { return COLORS; }
static inline int poddeck_color_pairs(void) { return COLOR_PAIRS; }

/* Attribute bits (macros in C). */
static inline attr_t poddeck_attr_normal(void) { return A_NORMAL; }
static inline attr_t poddeck_attr_bold(void) { return A_BOLD; }
static inline attr_t poddeck_attr_dim(void) { return A_DIM; }
static inline attr_t poddeck_attr_italic(void) { return A_ITALIC; }
static inline attr_t poddeck_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t poddeck_attr_reverse(void) { return A_REVERSE; }

/* KEY_F(n) (a macro in C). */
static inline int poddeck_key_f(int n) { return KEY_F(n); }

/* The mouse events poddeck asks for: presses and releases of buttons 1-3, wheel up/down. */
static inline mmask_t poddeck_mouse_mask(void) {
    return BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON2_PRESSED | BUTTON2_RELEASED
         | BUTTON3_PRESSED | BUTTON3_RELEASED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}

/* Classifies a mouse event state: 1 left press, 2 middle press, 3 right press,
   4 release, 5 wheel up, 6 wheel down, 0 anything else. */
static inline int poddeck_mouse_kind(mmask_t state) {
    if (state & BUTTON4_PRESSED) return 5;
    if (state & BUTTON5_PRESSED) return 6;
    if (state & BUTTON1_PRESSED) return 1;
    if (state & BUTTON2_PRESSED) return 2;
    if (state & BUTTON3_PRESSED) return 3;
    if (state & (BUTTON1_RELEASED | BUTTON2_RELEASED | BUTTON3_RELEASED)) return 4;
    return 0;
}

/* The window size of the terminal on fd (TIOCGWINSZ); returns 0 on success. */
static inline int poddeck_window_size(int fd, int *rows_out, int *cols_out) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows_out = ws.ws_row;
    *cols_out = ws.ws_col;
    return 0;
}

/* Whether terminfo knows the terminal `name`: 1 yes, 0 unknown, -1 no terminfo database.
   Loads the entry with setupterm and frees it again, before curses starts. */
static inline int poddeck_terminal_known(const char *name, int fd) {
    int status = 0;
    if (setupterm(name, fd, &status) != OK) return status == 0 ? 0 : -1;
    del_curterm(cur_term);
    return 1;
}

/* Whether the current LC_CTYPE locale uses UTF-8. */
static inline int poddeck_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

/* Writes one cell: up to CCHARW_MAX wide characters (NUL-terminated) with attributes
   and an extended colour pair, at (y, x). */
static inline int poddeck_put_cell(WINDOW *win, int y, int x, const wchar_t *text, attr_t attrs, int pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, 0, &pair) != OK) return ERR;
    return mvwadd_wch(win, y, x, &cell);
}

#endif
