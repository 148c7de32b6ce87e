/* seeds._spans: where each of many quotes occurs in one text, in one pass over the text.
 *
 *     starts(text, quotes, occurrences) -> list[int]
 *
 * For each quote and its occurrence (0: none asked for): the start (a code point offset) of
 * its only occurrence in `text`, or of its occurrence-th (from 1), overlapping occurrences
 * counted; else -1 (absent, ambiguous, too few, or empty). seeds/spans.py's `_starts` is the
 * same function in Python; a -1 sends the caller to `find_span`, which words the error.
 *
 * A document quotes its text ~100 times. Two str.find scans per quote (the first occurrence,
 * then a second one) read the text ~100 times; here every window of K code points (K = the
 * shortest quote's length, at most 8) is hashed once, rolling, and only a window whose hash
 * is some quote's prefix hash is compared in full.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define MAX_WINDOW 8
#define BASE 0x100000001b3ULL /* odd: the rolling hash is a polynomial in it, mod 2^64 */

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t length;
    uint64_t prefix_hash;
    int unique; /* no occurrence asked for: found only if it occurs once */
    Py_ssize_t wanted; /* the occurrence whose start is kept: 1 when none is asked for */
    Py_ssize_t enough; /* occurrences worth counting: 2 when none is asked for, to see a second */
    Py_ssize_t start;
    Py_ssize_t count;
    Py_ssize_t next; /* next quote in the same bucket, or -1 */
} Quote;

static int
matches(const Py_UCS4 *at, const Quote *quote)
{
    for (Py_ssize_t i = 0; i < quote->length; i++)
        if (at[i] != PyUnicode_READ(quote->kind, quote->data, i))
            return 0;
    return 1;
}

static PyObject *
starts(PyObject *self, PyObject *args)
{
    PyObject *text, *quote_sequence, *occurrence_sequence;
    if (!PyArg_ParseTuple(args, "UOO:starts", &text, &quote_sequence, &occurrence_sequence))
        return NULL;
    PyObject *quotes = PySequence_Fast(quote_sequence, "quotes must be a sequence of str");
    if (quotes == NULL)
        return NULL;
    PyObject *occurrences = PySequence_Fast(occurrence_sequence, "occurrences must be a sequence");
    if (occurrences == NULL) {
        Py_DECREF(quotes);
        return NULL;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(quotes);
    if (PySequence_Fast_GET_SIZE(occurrences) != count) {
        PyErr_SetString(PyExc_ValueError, "one occurrence a quote");
        Py_DECREF(quotes);
        Py_DECREF(occurrences);
        return NULL;
    }
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    Py_ssize_t buckets = 16;
    while (buckets < 2 * count)
        buckets *= 2;
    Py_UCS4 *chars = NULL;
    Quote *table = PyMem_Calloc(count ? count : 1, sizeof(Quote));
    Py_ssize_t *heads = PyMem_Malloc(buckets * sizeof(Py_ssize_t));
    PyObject *result = NULL;
    if (table == NULL || heads == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t window = MAX_WINDOW;
    for (Py_ssize_t j = 0; j < count; j++) {
        PyObject *quote = PySequence_Fast_GET_ITEM(quotes, j);
        if (!PyUnicode_Check(quote)) {
            PyErr_SetString(PyExc_TypeError, "quotes must be a sequence of str");
            goto done;
        }
        table[j].kind = PyUnicode_KIND(quote);
        table[j].data = PyUnicode_DATA(quote);
        table[j].length = PyUnicode_GET_LENGTH(quote);
        table[j].start = -1;
        table[j].next = -1;
        Py_ssize_t occurrence = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(occurrences, j));
        if (occurrence == -1 && PyErr_Occurred())
            goto done;
        table[j].unique = occurrence == 0;
        table[j].wanted = occurrence ? occurrence : 1;
        table[j].enough = occurrence ? occurrence : 2;
        if (occurrence < 0)
            table[j].length = 0; /* never found: -1 */
        if (table[j].length > 0 && table[j].length < window)
            window = table[j].length;
    }
    for (Py_ssize_t b = 0; b < buckets; b++)
        heads[b] = -1;
    uint64_t top = 1; /* BASE ** (window - 1): what the leaving code point weighs */
    for (Py_ssize_t i = 1; i < window; i++)
        top *= BASE;
    for (Py_ssize_t j = 0; j < count; j++) {
        Quote *quote = &table[j];
        if (quote->length == 0 || quote->length > length)
            continue; /* never found: -1 */
        uint64_t hash = 0;
        for (Py_ssize_t i = 0; i < window; i++)
            hash = hash * BASE + PyUnicode_READ(quote->kind, quote->data, i);
        quote->prefix_hash = hash;
        Py_ssize_t b = (Py_ssize_t)(hash & (uint64_t)(buckets - 1));
        quote->next = heads[b];
        heads[b] = j;
    }
    if (length >= window) {
        chars = PyUnicode_AsUCS4Copy(text);
        if (chars == NULL)
            goto done;
        uint64_t hash = 0;
        for (Py_ssize_t i = 0; i < window; i++)
            hash = hash * BASE + chars[i];
        for (Py_ssize_t start = 0;; start++) {
            for (Py_ssize_t j = heads[hash & (uint64_t)(buckets - 1)]; j != -1; j = table[j].next) {
                Quote *quote = &table[j];
                if (quote->prefix_hash == hash && quote->count < quote->enough
                    && quote->length <= length - start && matches(chars + start, quote)) {
                    if (++quote->count == quote->wanted)
                        quote->start = start;
                }
            }
            if (start + window >= length)
                break;
            hash = (hash - chars[start] * top) * BASE + chars[start + window];
        }
    }
    result = PyList_New(count);
    if (result == NULL)
        goto done;
    for (Py_ssize_t j = 0; j < count; j++) {
        int found = table[j].unique ? table[j].count == 1 : table[j].count >= table[j].wanted;
        PyObject *start = PyLong_FromSsize_t(found ? table[j].start : -1);
        if (start == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, j, start);
    }
done:
    PyMem_Free(chars);
    PyMem_Free(table);
    PyMem_Free(heads);
    Py_DECREF(quotes);
    Py_DECREF(occurrences);
    return result;
}

static PyMethodDef methods[] = {
    {"starts", starts, METH_VARARGS,
     "starts(text, quotes, occurrences) -> each quote's only (occurrence 0) or occurrence-th "
     "start, else -1"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "seeds._spans",
    .m_doc = "Where each of many quotes occurs in one text, in one pass over the text.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__spans(void)
{
    return PyModule_Create(&module_def);
}
