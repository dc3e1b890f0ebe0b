/* number.h — exact text <-> number conversions for int64, decimal and float64.
 *
 * Parsers take a byte range (not NUL-terminated), accept an optional leading
 * '+' or '-' and nothing else around the number: no spaces, no thousands
 * separators. They never allocate and never call strtod for integers or
 * decimals. Return QY_OK, QY_EPARSE (not a number of that form) or
 * QY_EOVERFLOW (the form is right but the value does not fit);
 * qy_decimal_parse_at and qy_float_parse_exact also QY_ERANGE (the value
 * cannot be held as written).
 */
#ifndef QY_NUMBER_H
#define QY_NUMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decimal digits only: "42", "-7", "+007". */
int qy_int64_parse(const char *s, size_t len, int64_t *out);

/* The largest decimal scale: 10^18 is the largest power of ten in int64. */
#define QY_NUMBER_MAX_SCALE 18

/* digits [ '.' digits ], at least one digit in all: "12", "1272.95", "-.5",
 * "3.". *value is the number times 10^*scale where *scale is the count of
 * digits written after the point (trailing zeros kept: "1.50" is 150, 2).
 * QY_EOVERFLOW when the scaled value does not fit in int64 or more than
 * QY_NUMBER_MAX_SCALE digits follow the point. */
int qy_decimal_parse(const char *s, size_t len, int64_t *value, int *scale);

/* v (at scale from) rewritten at scale to. Raising the scale can overflow
 * (QY_EOVERFLOW); lowering it fails with QY_ERANGE unless no digit is lost.
 * Scales outside 0..QY_NUMBER_MAX_SCALE are QY_ERANGE. */
int qy_decimal_rescale(int64_t v, int from, int to, int64_t *out);

/* Exact decimal arithmetic: a at scale as, b at scale bs. The sum and the
 * difference are at the larger scale, the product at as + bs. The result
 * goes to *out and its scale to *scale; QY_EOVERFLOW when it does not fit in
 * int64 (never wraps), QY_ERANGE when a scale is out of 0..QY_NUMBER_MAX_SCALE. */
int qy_decimal_add(int64_t a, int as, int64_t b, int bs, int64_t *out, int *scale);
int qy_decimal_sub(int64_t a, int as, int64_t b, int bs, int64_t *out, int *scale);
int qy_decimal_mul(int64_t a, int as, int64_t b, int bs, int64_t *out, int *scale);

/* The same number at its exact scale: the digits after the point up to the
 * last non-zero one ("1.50" is 15, 1; "2.000" is 2, 0), with *written the
 * count of digits after the point as written (2 and 3). Trailing zeros,
 * however many, never overflow. QY_EOVERFLOW when the value does not fit in
 * int64 or more than QY_NUMBER_MAX_SCALE significant digits follow the point. */
int qy_decimal_parse_exact(const char *s, size_t len, int64_t *value, int *scale, int *written);

/* The number at the given scale (0..QY_NUMBER_MAX_SCALE, else QY_ERANGE):
 * "1.5" at 2 is 150, and so is "1.5000000". QY_ERANGE when a digit other
 * than 0 lies past that scale ("1.234" at 2), QY_EOVERFLOW when the value
 * at it does not fit in int64. */
int qy_decimal_parse_at(const char *s, size_t len, int scale, int64_t *value);

/* Whether the integer part starts with a 0 and has more digits ("010",
 * "-007", "00.5", "012e3"; not "0", "0.5", "-0.25", "0e0", ".5"): how codes
 * (zip, dialling, region) are written, not numbers. */
bool qy_number_has_leading_zero(const char *s, size_t len);

/* Writes v / 10^scale with exactly scale digits after the point ("-0.05",
 * "1272.95", "7"); scale is 0..QY_NUMBER_MAX_SCALE and buf holds at least
 * 24 bytes. Returns the length. */
size_t qy_decimal_format(int64_t v, int scale, char *buf);

/* The nearest double to v / 10^scale (exact when |v| < 2^53). */
double qy_decimal_to_double(int64_t v, int scale);

/* Longest text qy_float_parse reads (it copies the text to the stack). */
#define QY_FLOAT_MAX_TEXT 1000

/* A decimal floating-point number: digits with optional point and optional
 * exponent ("1e5", "-2.5E-3", ".5", "5."). Rejects inf, nan, hex, empty input
 * and text longer than QY_FLOAT_MAX_TEXT; QY_EOVERFLOW when the value is
 * beyond double's range (values too small for it round to 0 or a subnormal). */
int qy_float_parse(const char *s, size_t len, double *out);

/* Whether s is written in a form qy_float_parse reads, of any length. */
bool qy_float_form(const char *s, size_t len);

/* Reads a float form of any length, but only a number float64 holds as
 * written: the double qy_float_format writes back the same number ("0.1",
 * "1e300", "1.7976931348623157e308", "0.30000000000000004" do; so does
 * "1.5000" with any count of zeros). QY_ERANGE when it would not: more
 * significant digits than survive ("0.1000000000000000001",
 * "9007199254740993"), or a non-zero number that underflows (to 0, or to a
 * subnormal that drops digits); QY_EOVERFLOW when it is beyond double's
 * range. Zero keeps its sign ("-0.0" is -0). Numbers of at most 15
 * significant digits in double's normal range always hold: only longer
 * ones cost a round trip through the text. */
int qy_float_parse_exact(const char *s, size_t len, double *out);

/* The shortest text that parses back to exactly x ("0.1", "1e+20",
 * "-0"); non-finite values as "inf", "-inf", "nan". buf holds at least 32
 * bytes. Returns the length. */
size_t qy_float_format(double x, char *buf);

/* x with at most sig (1..17) significant digits, no exponent for magnitudes
 * in [1e-4, 1e15) after rounding, trailing zeros removed, -0 as "0": for
 * display, not for round trips ("1234.57", "1.5e+20"). buf holds at least 32
 * bytes. Returns the length. */
size_t qy_float_format_display(double x, int sig, char *buf);

#endif
