/* file.c: whole-file reads and atomic writes. */
#include "base/base.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *gisac_path_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), m = strlen(suffix);
    char *s = malloc(n + m + 1);
    if (s) {
        memcpy(s, path, n);
        memcpy(s + n, suffix, m + 1);
    }
    return s;
}

int gisac_read_file(const char *path, gisac_buf *b, gisac_err *err)
{
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return gisac_err_set(err, GISAC_EIO, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (fd != STDIN_FILENO)
            close(fd);
        return gisac_err_set(err, GISAC_EINVAL, "%s: is a directory", path);
    }
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        gisac_buf_reserve(b, (size_t)st.st_size) < 0) {
        if (fd != STDIN_FILENO)
            close(fd);
        return gisac_err_set(err, GISAC_ENOMEM, "%s: out of memory", path);
    }
    for (;;) {
        if (gisac_buf_reserve(b, 65536) < 0) {
            if (fd != STDIN_FILENO)
                close(fd);
            return gisac_err_set(err, GISAC_ENOMEM, "%s: out of memory", path);
        }
        ssize_t n = read(fd, b->data + b->len, b->cap - b->len - 1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            if (fd != STDIN_FILENO)
                close(fd);
            return gisac_err_set(err, GISAC_EIO, "%s: %s", path, strerror(e));
        }
        if (n == 0)
            break;
        b->len += (size_t)n;
    }
    b->data[b->len] = '\0';
    if (fd != STDIN_FILENO)
        close(fd);
    return 0;
}

int gisac_write_file_atomic(const char *path, const void *p, size_t n, gisac_err *err)
{
    char *tmp = gisac_path_suffix(path, ".tmp.XXXXXX");
    if (!tmp)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return gisac_err_set(err, GISAC_EIO, "%s: %s", path, strerror(e));
    }
    fchmod(fd, 0644);
    const char *c = p;
    size_t left = n;
    while (left) {
        ssize_t w = write(fd, c, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        c += w;
        left -= (size_t)w;
    }
    if (fsync(fd) < 0)
        goto fail;
    if (close(fd) < 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) < 0)
        goto fail;
    free(tmp);
    return 0;
fail : {
    int e = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return gisac_err_set(err, GISAC_EIO, "%s: %s", path, strerror(e));
}
}
