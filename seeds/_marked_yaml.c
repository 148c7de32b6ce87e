/* seeds._marked_yaml: read an ordinary seed file's YAML straight into marked dicts and lists.
 *
 * The happy path of seeds/yamlfile.py's `_build`, on libyaml's events instead of PyYAML's nodes:
 * the same values, the same Python types, the same `.line` and `.lines`. Anything else (a tag,
 * an anchor or alias, a key that is not text, a duplicate key, nesting past the limit, a NUL,
 * any libyaml error, not exactly one document) raises the configured "unusual" exception and
 * yamlfile.py takes its general path, which words every error. When in doubt: unusual.
 *
 *     configure(marked_dict, marked_list, plain, unusual, max_depth, implicit_resolvers)
 *     build(text, quickly=True) -> object
 *
 * With `quickly`, a text the quick reader knows (most seed files; see "The quick reader") is read
 * without libyaml, into the same value. read_quickly(text) -> that value, or None if the quick
 * reader declines the text.
 *
 * `plain(value)` is called for an untagged plain scalar whose first character (or emptiness)
 * an implicit resolver is keyed by (the keys of `implicit_resolvers`); any other untagged
 * scalar is the str itself.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include <yaml.h>

static PyObject *marked_dict_type;
static PyObject *marked_list_type;
static PyObject *plain_function;
static PyObject *unusual_type;
static Py_ssize_t max_depth;
static unsigned char resolvable_first[128]; /* ASCII first characters a resolver is keyed by */
static int resolvable_empty;                /* a resolver is keyed by '' (the empty scalar) */
static PyObject *str_line;
static PyObject *str_lines;
static int building; /* builds under way (plain() may start one) */

/* An open mapping or sequence. */
typedef struct {
    PyObject *container; /* the MarkedDict or MarkedList being filled */
    PyObject *lines;     /* its `.lines` dict */
    PyObject *key;       /* a mapping's key whose value is still to come, or NULL */
    size_t key_line;     /* 1-based line of that key */
    size_t line;         /* 1-based line the container starts on */
    int is_mapping;
} Frame;

/* Set the "unusual" exception; returns NULL for convenience. */
static PyObject *
unusual(void)
{
    PyErr_SetNone(unusual_type);
    return NULL;
}

/* Replace a pending ordinary exception (not KeyboardInterrupt, MemoryError...) by unusual. */
static PyObject *
unusual_instead(void)
{
    if (PyErr_ExceptionMatches(PyExc_Exception) && !PyErr_ExceptionMatches(PyExc_MemoryError)) {
        PyErr_Clear();
        return unusual();
    }
    return NULL;
}

/* The value of an untagged scalar (a new reference), or NULL with an exception set: `data` its
 * UTF-8 text, `plain` whether its style is plain. */
static PyObject *
scalar_value(const char *data, size_t length, int plain, int is_key)
{
    if (length > PY_SSIZE_T_MAX || memchr(data, '\0', length) != NULL)
        return unusual(); /* `_construct_str` refuses a NUL; leave the wording to it */
    PyObject *text = PyUnicode_DecodeUTF8(data, (Py_ssize_t)length, "strict");
    if (text == NULL)
        return unusual_instead();
    if (!plain)
        return text;
    unsigned char first = length == 0 ? 0 : (unsigned char)data[0];
    int resolvable = length == 0 ? resolvable_empty : first < 128 && resolvable_first[first];
    if (!resolvable)
        return text;
    PyObject *value = PyObject_CallOneArg(plain_function, text);
    Py_DECREF(text);
    if (value == NULL)
        return unusual_instead();
    if (is_key && !PyUnicode_CheckExact(value)) {
        Py_DECREF(value);
        return unusual(); /* a key that is not text (or a merge key) */
    }
    return value;
}

/* A new MarkedDict or MarkedList starting on `line`, with an empty `.lines` (stored in
 * `*lines`, a new reference). */
static PyObject *
new_container(int is_mapping, size_t line, PyObject **lines)
{
    PyObject *container = PyObject_CallNoArgs(is_mapping ? marked_dict_type : marked_list_type);
    if (container == NULL)
        return NULL;
    if (is_mapping ? !PyDict_Check(container) : !PyList_Check(container)) {
        Py_DECREF(container);
        PyErr_SetString(PyExc_TypeError, "the marked types must build dicts and lists");
        return NULL;
    }
    PyObject *line_number = PyLong_FromSize_t(line);
    *lines = PyDict_New();
    if (line_number == NULL || *lines == NULL
        || PyObject_SetAttr(container, str_line, line_number) < 0
        || PyObject_SetAttr(container, str_lines, *lines) < 0) {
        Py_XDECREF(line_number);
        Py_CLEAR(*lines);
        Py_DECREF(container);
        return NULL;
    }
    Py_DECREF(line_number);
    return container;
}

/* Put `value` (a reference this steals) where it belongs: the item of the innermost open
 * container, or the root. `line`: where the value starts (a sequence item's line). */
static int
attach(Frame *stack, Py_ssize_t depth, PyObject **root, PyObject *value, size_t line)
{
    if (depth == 0) {
        *root = value;
        return 0;
    }
    Frame *parent = &stack[depth - 1];
    int status = -1;
    PyObject *line_number = NULL;
    PyObject *index = NULL;
    if (parent->is_mapping) {
        line_number = PyLong_FromSize_t(parent->key_line);
        if (line_number != NULL && PyDict_SetItem(parent->container, parent->key, value) == 0
            && PyDict_SetItem(parent->lines, parent->key, line_number) == 0)
            status = 0;
        Py_CLEAR(parent->key);
    }
    else {
        line_number = PyLong_FromSize_t(line);
        index = PyLong_FromSsize_t(PyList_GET_SIZE(parent->container));
        if (line_number != NULL && index != NULL && PyList_Append(parent->container, value) == 0
            && PyDict_SetItem(parent->lines, index, line_number) == 0)
            status = 0;
    }
    Py_XDECREF(index);
    Py_XDECREF(line_number);
    Py_DECREF(value);
    return status;
}

/* The builder's steps, which libyaml's events (`handle`) and the quick reader (`read_quickly`)
 * both take. Each returns 0, or -1 with an exception set. */

/* Let go of the `depth` containers still open when a read ends early. */
static void
release_open(Frame *stack, Py_ssize_t depth)
{
    for (Py_ssize_t i = 0; i < depth; i++) {
        Py_XDECREF(stack[i].container);
        Py_XDECREF(stack[i].lines);
        Py_CLEAR(stack[i].key);
    }
}

/* A node starts at nesting depth *depth + 1: refused past the limit or after the root. */
static int
node_allowed(Py_ssize_t depth, PyObject *root)
{
    if (depth + 1 > max_depth || root != NULL) { /* (a root already read: a second document) */
        unusual();
        return -1;
    }
    return 0;
}

/* An untagged scalar starting on `line`: a mapping's key or a value. */
static int
add_scalar(Frame *stack, Py_ssize_t *depth, PyObject **root, const char *data, size_t length,
           int plain, size_t line)
{
    if (node_allowed(*depth, *root) < 0)
        return -1;
    Frame *parent = *depth > 0 ? &stack[*depth - 1] : NULL;
    int is_key = parent != NULL && parent->is_mapping && parent->key == NULL;
    PyObject *value = scalar_value(data, length, plain, is_key);
    if (value == NULL)
        return -1;
    if (!is_key)
        return attach(stack, *depth, root, value, line);
    int present = PyDict_Contains(parent->container, value);
    if (present != 0) {
        Py_DECREF(value);
        if (present > 0)
            unusual(); /* a duplicate key */
        return -1;
    }
    parent->key = value;
    parent->key_line = line;
    return 0;
}

/* An untagged mapping or sequence starting on `line`. */
static int
open_container(Frame *stack, Py_ssize_t *depth, PyObject **root, int is_mapping, size_t line)
{
    if (node_allowed(*depth, *root) < 0)
        return -1;
    Frame *parent = *depth > 0 ? &stack[*depth - 1] : NULL;
    if (parent != NULL && parent->is_mapping && parent->key == NULL) {
        unusual(); /* a key that is a mapping or a sequence */
        return -1;
    }
    Frame *frame = &stack[*depth];
    frame->is_mapping = is_mapping;
    frame->container = new_container(is_mapping, line, &frame->lines);
    if (frame->container == NULL)
        return -1;
    frame->key = NULL;
    frame->line = line;
    ++*depth;
    return 0;
}

/* The end of the innermost open mapping or sequence. */
static int
close_container(Frame *stack, Py_ssize_t *depth, PyObject **root)
{
    if (*depth == 0) {
        unusual();
        return -1;
    }
    Frame frame = stack[--*depth];
    Py_DECREF(frame.lines);
    if (frame.key != NULL) { /* libyaml always pairs keys and values; be safe */
        Py_DECREF(frame.key);
        Py_DECREF(frame.container);
        unusual();
        return -1;
    }
    return attach(stack, *depth, root, frame.container, frame.line);
}

/* Handle one of libyaml's events. Returns 1 at the stream's end, 0 to go on, -1 with an
 * exception set. */
static int
handle(const yaml_event_t *event, Frame *stack, Py_ssize_t *depth, PyObject **root)
{
    size_t line = event->start_mark.line + 1;
    const yaml_char_t *anchor, *tag;
    switch (event->type) {
    case YAML_STREAM_START_EVENT:
    case YAML_DOCUMENT_END_EVENT:
        return 0;
    case YAML_STREAM_END_EVENT:
        return 1;
    case YAML_DOCUMENT_START_EVENT:
        if (event->data.document_start.version_directive != NULL
            || event->data.document_start.tag_directives.start
                   != event->data.document_start.tag_directives.end) {
            unusual();
            return -1;
        }
        return 0;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return close_container(stack, depth, root);
    case YAML_SCALAR_EVENT:
        anchor = event->data.scalar.anchor;
        tag = event->data.scalar.tag;
        break;
    case YAML_SEQUENCE_START_EVENT:
        anchor = event->data.sequence_start.anchor;
        tag = event->data.sequence_start.tag;
        break;
    case YAML_MAPPING_START_EVENT:
        anchor = event->data.mapping_start.anchor;
        tag = event->data.mapping_start.tag;
        break;
    default: /* an alias, or an event libyaml does not emit while parsing */
        unusual();
        return -1;
    }
    if (anchor != NULL || tag != NULL) {
        unusual();
        return -1;
    }
    if (event->type == YAML_SCALAR_EVENT)
        return add_scalar(stack, depth, root, (const char *)event->data.scalar.value,
                          event->data.scalar.length,
                          event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE, line);
    return open_container(stack, depth, root, event->type == YAML_MAPPING_START_EVENT, line);
}

/* --- The quick reader ---------------------------------------------------------------------
 *
 * Most seed files are block mappings and sequences of one-line scalars, which a reader that
 * knows only that much reads several times faster than libyaml's scanner. `read_quickly` reads
 * such a text line by line and takes the builder's steps in the order libyaml's events would,
 * with the same values, styles and lines; anything else it declines (returns 0, having kept
 * nothing), and libyaml reads the text. It reads:
 *
 * - lines indented with spaces; blank lines and comment lines anywhere;
 * - `key:` entries, the key plain [A-Za-z_][A-Za-z0-9_-]*, and `- ` items, a mapping item
 *   (`- key: ...`) included; a mapping's value may be a sequence at the key's indent;
 * - values on the entry's (or item's) line: a double-quoted scalar without a backslash, then
 *   perhaps a comment; a plain scalar without `#`, `: ` or a final `:`; a flow
 *   sequence of such quoted scalars or of plain ones without `:#[]{}` or quotes;
 * - an entry with no value on its line: its value is the block below, else null.
 *
 * It declines a text with a tab, a carriage return or another control character, a BOM, a
 * C1 character or a Unicode line or paragraph separator anywhere; a line it does not know
 * (a directive, a document marker, a block scalar, an anchor, a tag, a single-quoted or
 * multi-line scalar, a flow mapping...); and an indentation it does not expect.
 */

/* Every byte is one the quick reader can take as it is: returns 0 if not. */
static int
plain_bytes(const unsigned char *p, const unsigned char *end)
{
    for (; p < end; p++) {
        unsigned char c = *p;
        if (c < 0x20 ? c != '\n' : c == 0x7f)
            return 0;
        if (c == 0xc2 && p + 1 < end && p[1] >= 0x80 && p[1] <= 0x9f)
            return 0; /* C1 controls, NEL (a line break to YAML 1.1) among them */
        if (c == 0xe2 && p + 2 < end && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9))
            return 0; /* line and paragraph separators: line breaks to YAML 1.1 */
        if (c == 0xef && p + 2 < end
            && ((p[1] == 0xbb && p[2] == 0xbf) || (p[1] == 0xbf && p[2] >= 0xbe)))
            return 0; /* a byte order mark; U+FFFE, U+FFFF */
    }
    return 1;
}

static int
is_key_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int
is_key_char(unsigned char c)
{
    return is_key_start(c) || (c >= '0' && c <= '9') || c == '-';
}

static int
is_word_char(unsigned char c)
{
    return is_key_char(c) || c == '.' || c == '+' || c == '/' || c == '~';
}

/* The end of the key `key: ` or `key:` at `p` (at the colon), or NULL if none is there. */
static const char *
key_end(const char *p, const char *eol)
{
    if (p >= eol || !is_key_start((unsigned char)*p))
        return NULL;
    while (p < eol && is_key_char((unsigned char)*p))
        p++;
    if (p < eol && *p == ':' && (p + 1 == eol || p[1] == ' '))
        return p;
    return NULL;
}

/* After a value ending at `p`: nothing but spaces, or spaces and then a comment. */
static int
rest_is_blank(const char *p, const char *eol)
{
    const char *start = p;
    while (p < eol && *p == ' ')
        p++;
    return p == eol || (*p == '#' && p > start);
}

/* A double-quoted scalar without a backslash at `p` (at its quote): its end after the closing
 * quote, or NULL. */
static const char *
quoted_end(const char *p, const char *eol)
{
    for (const char *q = p + 1; q < eol; q++) {
        if (*q == '"')
            return q + 1;
        if (*q == '\\')
            return NULL;
    }
    return NULL;
}

typedef struct {
    Frame *stack;
    Py_ssize_t *indents; /* each open block's indent: its keys' or its dashes' column */
    Py_ssize_t depth;
    PyObject *root;
    size_t line;
} Quick;

/* A scalar value at `p` on the current line, to its end: 1 read, 0 declined, -1 error. */
static int
quick_value(Quick *q, const char *p, const char *eol)
{
    if (*p == '"') {
        const char *end = quoted_end(p, eol);
        if (end == NULL || !rest_is_blank(end, eol))
            return 0;
        return add_scalar(q->stack, &q->depth, &q->root, p + 1, (size_t)(end - p - 2), 0, q->line)
                   < 0
               ? -1
               : 1;
    }
    if (*p == '[') {
        if (open_container(q->stack, &q->depth, &q->root, 0, q->line) < 0)
            return -1;
        p++;
        for (int first = 1;; first = 0) {
            while (p < eol && *p == ' ')
                p++;
            if (p < eol && *p == ']' && first)
                break;
            const char *start = p, *end;
            int quoted = p < eol && *p == '"';
            if (quoted) {
                p = quoted_end(p, eol);
                if (p == NULL)
                    return 0;
                start++;
                end = p - 1;
            }
            else { /* a plain scalar, to the next `,` or `]` (words and spaces) */
                while (p < eol && memchr(",[]{}#:\"'", *p, 10) == NULL)
                    p++;
                end = p;
                while (end > start && end[-1] == ' ')
                    end--;
                if (end == start || !is_word_char((unsigned char)*start) || *start == '-')
                    return 0;
            }
            if (add_scalar(q->stack, &q->depth, &q->root, start, (size_t)(end - start), !quoted,
                           q->line)
                < 0)
                return -1;
            while (p < eol && *p == ' ')
                p++;
            if (p < eol && *p == ']')
                break;
            if (p >= eol || *p != ',')
                return 0;
            p++;
        }
        if (!rest_is_blank(p + 1, eol))
            return 0;
        return close_container(q->stack, &q->depth, &q->root) < 0 ? -1 : 1;
    }
    /* A plain scalar: it must not start with an indicator, nor hold a comment or `: `. */
    unsigned char first = (unsigned char)*p;
    if (!(is_word_char(first) && !(first == '-' && (p + 1 == eol || p[1] == ' '))))
        return 0;
    const char *end = eol;
    while (end > p && end[-1] == ' ')
        end--;
    if (end[-1] == ':' || memchr(p, '#', (size_t)(end - p)) != NULL)
        return 0;
    for (const char *c = p; c + 1 < end; c++)
        if (*c == ':' && c[1] == ' ')
            return 0;
    return add_scalar(q->stack, &q->depth, &q->root, p, (size_t)(end - p), 1, q->line) < 0 ? -1
                                                                                        : 1;
}

/* The null value of the entry whose key waits in the innermost mapping. */
static int
quick_null(Quick *q)
{
    return add_scalar(q->stack, &q->depth, &q->root, "", 0, 1, q->line);
}

/* A block (a mapping or a sequence) whose entries or items stand at column `indent`, opened
 * on the current line: 1 opened, 0 declined (too deep), -1 error. */
static int
quick_open(Quick *q, Py_ssize_t indent, int is_mapping)
{
    if (q->depth >= max_depth)
        return 0;
    q->indents[q->depth] = indent;
    return open_container(q->stack, &q->depth, &q->root, is_mapping, q->line) < 0 ? -1 : 1;
}

/* One line's content at column `indent` (`p`): an entry or an item. 1 read, 0 declined, -1. */
static int
quick_line(Quick *q, const char *p, const char *eol, Py_ssize_t indent)
{
    int item = *p == '-' && (p + 1 == eol || p[1] == ' ');
    const char *colon = item ? NULL : key_end(p, eol);
    if (!item && colon == NULL)
        return 0;
    /* Close the blocks this line ends; an entry left waiting for a value gets null. */
    while (q->depth > 0) {
        Frame *top = &q->stack[q->depth - 1];
        Py_ssize_t at = q->indents[q->depth - 1];
        if (top->is_mapping && top->key != NULL) {
            if (item ? indent >= at : indent > at)
                break; /* the waiting entry's value starts here */
            if (quick_null(q) < 0)
                return -1;
            continue;
        }
        if (at > indent || (at == indent && !top->is_mapping && !item)) {
            if (close_container(q->stack, &q->depth, &q->root) < 0)
                return -1;
            continue;
        }
        if (at == indent && top->is_mapping == !item)
            break; /* the next entry or item of this block */
        return 0;
    }
    /* Past the loop, the innermost block either waits for this line as an entry's value, or
     * this line is its next entry or item, at its indent. */
    int opens = q->depth == 0 || q->stack[q->depth - 1].key != NULL;
    if (q->depth == 0 && (indent != 0 || q->root != NULL))
        return 0; /* the root starts at column 0, once */
    int opened = opens ? quick_open(q, indent, !item) : 1;
    if (opened != 1)
        return opened;
    if (item) {
        const char *start = p + 1;
        while (start < eol && *start == ' ')
            start++;
        if (start == eol || *start == '#' || *start == '-')
            return 0; /* an empty item, a block below it, or a nested sequence */
        colon = key_end(start, eol);
        if (colon == NULL)
            return quick_value(q, start, eol);
        opened = quick_open(q, indent + (start - p), 1);
        if (opened != 1)
            return opened;
        p = start;
    }
    if (add_scalar(q->stack, &q->depth, &q->root, p, (size_t)(colon - p), 1, q->line) < 0)
        return -1;
    const char *value = colon + 1;
    while (value < eol && *value == ' ')
        value++;
    if (value == eol || *value == '#')
        return 1; /* the value is the block below, or null */
    return quick_value(q, value, eol);
}

/* Read `text` (its UTF-8 bytes) quickly: 1 with the root in *root, 0 declined, -1 error. */
static int
read_quickly(const char *text, Py_ssize_t length, Frame *stack, PyObject **root)
{
    const char *end = text + length;
    if (!plain_bytes((const unsigned char *)text, (const unsigned char *)end))
        return 0;
    Py_ssize_t *indents = PyMem_Calloc((size_t)max_depth, sizeof(Py_ssize_t));
    if (indents == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Quick q = {stack, indents, 0, NULL, 0};
    int status = 1;
    for (const char *p = text; p < end && status == 1;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (eol == NULL)
            eol = end;
        q.line++;
        const char *content = p;
        while (content < eol && *content == ' ')
            content++;
        if (content < eol && *content != '#')
            status = quick_line(&q, content, eol, content - p);
        p = eol + 1;
    }
    while (status == 1 && q.depth > 0) { /* the end closes every block */
        Frame *top = &q.stack[q.depth - 1];
        if (top->is_mapping && top->key != NULL)
            status = quick_null(&q) < 0 ? -1 : 1;
        else
            status = close_container(q.stack, &q.depth, &q.root) < 0 ? -1 : 1;
    }
    if (status == 1 && q.root == NULL)
        status = 0; /* nothing but comments */
    release_open(stack, q.depth);
    PyMem_Free(indents);
    if (status == -1 && PyErr_ExceptionMatches(unusual_type)) {
        PyErr_Clear(); /* libyaml's events would be as unusual: let it read the text, and say */
        status = 0;
    }
    if (status != 1)
        Py_CLEAR(q.root);
    *root = q.root;
    return status;
}

/* The UTF-8 bytes of `text`, a str, for this call only (PyUnicode_AsUTF8AndSize would attach a
 * copy of a non-ASCII text to the str for as long as it lives); NULL with an exception set if
 * the reader is not configured, `text` is not a str, or it holds a lone surrogate. */
static PyObject *
text_bytes(PyObject *text, const char *caller)
{
    if (plain_function == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_marked_yaml.configure() was not called");
        return NULL;
    }
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "%s() takes a str", caller);
        return NULL;
    }
    return PyUnicode_AsUTF8String(text);
}

static PyObject *
build(PyObject *module, PyObject *args)
{
    PyObject *text;
    int quickly = 1;
    if (!PyArg_ParseTuple(args, "O|p:build", &text, &quickly))
        return NULL;
    PyObject *encoded = text_bytes(text, "build");
    if (encoded == NULL) /* a lone surrogate: the general path words it */
        return PyErr_ExceptionMatches(PyExc_UnicodeEncodeError) ? unusual_instead() : NULL;
    Frame *stack = PyMem_Calloc((size_t)max_depth, sizeof(Frame));
    yaml_parser_t parser;
    if (stack == NULL || !yaml_parser_initialize(&parser)) {
        PyMem_Free(stack);
        Py_DECREF(encoded);
        return PyErr_NoMemory();
    }
    /* Fed as PyYAML's CParser feeds a str: its UTF-8 bytes, the encoding left to libyaml,
     * which finds UTF-8 (no UTF-16 mark can start valid UTF-8) and skips a leading BOM there.
     * (yaml_parser_set_encoding(UTF-8) would keep the BOM as a character, which libyaml
     * then refuses at the start of a document.) */
    yaml_parser_set_input_string(&parser, (const unsigned char *)PyBytes_AS_STRING(encoded),
                                 (size_t)PyBytes_GET_SIZE(encoded));
    building++; /* (plain() could call configure(): not while the configuration is in use) */

    Py_ssize_t depth = 0;
    PyObject *root = NULL;
    int status = quickly ? read_quickly(PyBytes_AS_STRING(encoded), PyBytes_GET_SIZE(encoded),
                                        stack, &root)
                         : 0;
    if (status != 0) { /* read (1), or an error (-1) */
        building--;
        yaml_parser_delete(&parser);
        Py_DECREF(encoded);
        PyMem_Free(stack);
        return status < 0 ? NULL : root;
    }
    while (status == 0) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            unusual(); /* any reader, scanner or parser error: the general path words it */
            status = -1;
            break;
        }
        status = handle(&event, stack, &depth, &root);
        yaml_event_delete(&event);
    }
    building--;
    yaml_parser_delete(&parser);
    Py_DECREF(encoded);
    release_open(stack, depth);
    PyMem_Free(stack);
    if (status < 0 || root == NULL || depth != 0) {
        Py_XDECREF(root);
        return status < 0 ? NULL : unusual(); /* no document at all */
    }
    return root;
}

static PyObject *
configure(PyObject *module, PyObject *args)
{
    PyObject *dict_type, *list_type, *plain, *unusual_class, *resolvers;
    Py_ssize_t depth;
    if (building) {
        PyErr_SetString(PyExc_RuntimeError, "configure() while build() runs");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "O!O!OOnO:configure", &PyType_Type, &dict_type, &PyType_Type,
                          &list_type, &plain, &unusual_class, &depth, &resolvers))
        return NULL;
    if (!PyType_IsSubtype((PyTypeObject *)dict_type, &PyDict_Type)
        || !PyType_IsSubtype((PyTypeObject *)list_type, &PyList_Type)) {
        PyErr_SetString(PyExc_TypeError, "marked_dict must subclass dict, marked_list list");
        return NULL;
    }
    if (!PyCallable_Check(plain) || !PyExceptionClass_Check(unusual_class) || depth < 1) {
        PyErr_SetString(PyExc_TypeError, "plain must be callable, unusual an exception class, "
                                         "max_depth at least 1");
        return NULL;
    }
    unsigned char firsts[128] = {0};
    int empty = 0;
    PyObject *iterator = PyObject_GetIter(resolvers);
    if (iterator == NULL)
        return NULL;
    PyObject *first;
    while ((first = PyIter_Next(iterator)) != NULL) {
        Py_ssize_t length = PyUnicode_Check(first) ? PyUnicode_GET_LENGTH(first) : -1;
        Py_UCS4 c = length == 1 ? PyUnicode_READ_CHAR(first, 0) : 0;
        Py_DECREF(first);
        if (length == 0)
            empty = 1;
        else if (length == 1 && c < 128)
            firsts[c] = 1;
        else {
            Py_DECREF(iterator);
            PyErr_SetString(PyExc_ValueError,
                            "implicit resolvers must be keyed by '' or one ASCII character");
            return NULL;
        }
    }
    Py_DECREF(iterator);
    if (PyErr_Occurred())
        return NULL;
    Py_INCREF(dict_type);
    Py_INCREF(list_type);
    Py_INCREF(plain);
    Py_INCREF(unusual_class);
    Py_XSETREF(marked_dict_type, dict_type);
    Py_XSETREF(marked_list_type, list_type);
    Py_XSETREF(plain_function, plain);
    Py_XSETREF(unusual_type, unusual_class);
    max_depth = depth;
    memcpy(resolvable_first, firsts, sizeof firsts);
    resolvable_empty = empty;
    Py_RETURN_NONE;
}

/* The quick reader alone: the value, or None if it declines the text (for the tests). */
static PyObject *
read_only_quickly(PyObject *module, PyObject *text)
{
    PyObject *encoded = text_bytes(text, "read_quickly");
    if (encoded == NULL)
        return NULL;
    Frame *stack = PyMem_Calloc((size_t)max_depth, sizeof(Frame));
    if (stack == NULL) {
        Py_DECREF(encoded);
        return PyErr_NoMemory();
    }
    PyObject *root = NULL;
    building++;
    int status = read_quickly(PyBytes_AS_STRING(encoded), PyBytes_GET_SIZE(encoded), stack, &root);
    building--;
    PyMem_Free(stack);
    Py_DECREF(encoded);
    if (status < 0)
        return NULL;
    if (status == 0)
        Py_RETURN_NONE;
    return root;
}

static PyMethodDef methods[] = {
    {"configure", configure, METH_VARARGS,
     "configure(marked_dict, marked_list, plain, unusual, max_depth, implicit_resolvers)"},
    {"build", build, METH_VARARGS,
     "build(text, quickly=True) -> the marked value of a one-document YAML text (quickly: the "
     "quick reader first, for the texts it knows)"},
    {"read_quickly", read_only_quickly, METH_O,
     "read_quickly(text) -> what build(text) gives, read by the quick reader alone, or None if "
     "it declines the text"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "seeds._marked_yaml",
    .m_doc = "libyaml events straight into seeds.yamlfile's marked dicts and lists.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__marked_yaml(void)
{
    str_line = PyUnicode_InternFromString("line");
    str_lines = PyUnicode_InternFromString("lines");
    if (str_line == NULL || str_lines == NULL)
        return NULL;
    return PyModule_Create(&module_def);
}
