/* banned.h: libc calls PCN Ops never uses, turned into compile errors.
 *
 * Included last by common.h, after every system header, so that the
 * declarations in <string.h> and friends are not rewritten.  Use instead:
 *   strcpy, strcat, strncpy, strncat  -> struct buf (buf.h) or memcpy with a length
 *   sprintf, vsprintf                 -> buf_printf (bounded) or snprintf
 *   strtok, strtok_r                  -> explicit scanning
 *   gmtime, localtime, ctime, asctime -> gmtime_r, localtime_r
 *   atoi, atol, atoll, atof           -> parse_i64 (util.h) */
#ifndef PCN_BANNED_H
#define PCN_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef strtok_r
#define strtok_r(x, y, z) BANNED(strtok_r)
#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef ctime
#define ctime(t) BANNED(ctime)
#undef asctime
#define asctime(t) BANNED(asctime)
#undef atoi
#define atoi(s) BANNED(atoi)
#undef atol
#define atol(s) BANNED(atol)
#undef atoll
#define atoll(s) BANNED(atoll)
#undef atof
#define atof(s) BANNED(atof)
#undef gets
#define gets(s) BANNED(gets)

#endif
