/* seeds._marked_yaml: read an ordinary seed file's YAML straight into marked dicts and lists.
 *
 * The happy path of seeds/yamlfile.py's `_build`, on libyaml's events instead of PyYAML's nodes:
 * the same values, the same Python types, the same `.line` and `.lines`. Anything else (a tag,
 * an anchor or alias, a key that is not text, a duplicate key, nesting past the limit, a NUL,
 * any libyaml error, not exactly one document) raises the configured "unusual" exception and
 * yamlfile.py takes its general path, which words every error. When in doubt: unusual.
 *
 *     configure(marked_dict, marked_list, plain, unusual, max_depth, implicit_resolvers)
 *     build(text) -> object
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

/* The value of an untagged scalar event (a new reference), or NULL with an exception set. */
static PyObject *
scalar_value(const yaml_event_t *event, int is_key)
{
    const char *data = (const char *)event->data.scalar.value;
    size_t length = event->data.scalar.length;
    if (length > PY_SSIZE_T_MAX || memchr(data, '\0', length) != NULL)
        return unusual(); /* `_construct_str` refuses a NUL; leave the wording to it */
    PyObject *text = PyUnicode_DecodeUTF8(data, (Py_ssize_t)length, "strict");
    if (text == NULL)
        return unusual_instead();
    if (event->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
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

/* Handle one event. Returns 1 at the stream's end, 0 to go on, -1 with an exception set. */
static int
handle(const yaml_event_t *event, Frame *stack, Py_ssize_t *depth, PyObject **root)
{
    size_t line = event->start_mark.line + 1;
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
    case YAML_SCALAR_EVENT:
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: {
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
    default: /* an alias, or an event libyaml does not emit while parsing */
        unusual();
        return -1;
    }

    /* A node: a scalar or the start of a sequence or mapping, at nesting depth *depth + 1. */
    const yaml_char_t *anchor, *tag;
    if (event->type == YAML_SCALAR_EVENT) {
        anchor = event->data.scalar.anchor;
        tag = event->data.scalar.tag;
    }
    else if (event->type == YAML_SEQUENCE_START_EVENT) {
        anchor = event->data.sequence_start.anchor;
        tag = event->data.sequence_start.tag;
    }
    else {
        anchor = event->data.mapping_start.anchor;
        tag = event->data.mapping_start.tag;
    }
    /* (A root already read: this node is a second document's.) */
    if (anchor != NULL || tag != NULL || *depth + 1 > max_depth || *root != NULL) {
        unusual();
        return -1;
    }
    Frame *parent = *depth > 0 ? &stack[*depth - 1] : NULL;
    int is_key = parent != NULL && parent->is_mapping && parent->key == NULL;
    if (event->type == YAML_SCALAR_EVENT) {
        PyObject *value = scalar_value(event, is_key);
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
    if (is_key) { /* a key that is a mapping or a sequence */
        unusual();
        return -1;
    }
    Frame *frame = &stack[*depth];
    frame->is_mapping = event->type == YAML_MAPPING_START_EVENT;
    frame->container = new_container(frame->is_mapping, line, &frame->lines);
    if (frame->container == NULL)
        return -1;
    frame->key = NULL;
    frame->line = line;
    ++*depth;
    return 0;
}

static PyObject *
build(PyObject *module, PyObject *text)
{
    if (plain_function == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_marked_yaml.configure() was not called");
        return NULL;
    }
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "build() takes a str");
        return NULL;
    }
    /* The text's UTF-8 bytes, for this call only (PyUnicode_AsUTF8AndSize would attach a
     * copy of a non-ASCII text to the str for as long as it lives). */
    PyObject *encoded = PyUnicode_AsUTF8String(text);
    if (encoded == NULL)
        return unusual_instead(); /* a lone surrogate: the general path words it */
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
    int status = 0;
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
    for (Py_ssize_t i = 0; i < depth; i++) {
        Py_XDECREF(stack[i].container);
        Py_XDECREF(stack[i].lines);
        Py_XDECREF(stack[i].key);
    }
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

static PyMethodDef methods[] = {
    {"configure", configure, METH_VARARGS,
     "configure(marked_dict, marked_list, plain, unusual, max_depth, implicit_resolvers)"},
    {"build", build, METH_O, "build(text) -> the marked value of a one-document YAML text"},
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
