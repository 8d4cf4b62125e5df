/* file.c: whole-file reads and atomic writes. */
#include "base/base.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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

/* ---- secret key files ---------------------------------------------------- */

int gisac_write_all(int fd, const void *buf, size_t n)
{
    const unsigned char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int gisac_sync_dir(const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    int fd = open(dir, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static int key_file_read(int fd, const gisac_key_file *f, unsigned char *key, gisac_err *err)
{
    struct stat sb;
    if (fstat(fd, &sb) < 0)
        return gisac_err_set(err, GISAC_EIO, "%s: %s", f->path, strerror(errno));
    if (!S_ISREG(sb.st_mode))
        return gisac_err_set(err, GISAC_EINVAL, "%s: the %s is not a regular file", f->path,
                             f->name);
    if (sb.st_mode & (S_IRWXG | S_IRWXO))
        return gisac_err_set(err, GISAC_EINVAL,
                             "%s: the %s is open to group or others (mode %03o);"
                             " refusing to use it (chmod 600 %s)",
                             f->path, f->name, (unsigned)(sb.st_mode & 0777), f->path);
    if (sb.st_size < 0 || (size_t)sb.st_size != f->len)
        return gisac_err_set(err, GISAC_EINVAL, "%s: not %s (%zu bytes expected)", f->path,
                             f->a_name, f->len);
    size_t got = 0;
    while (got < f->len) {
        ssize_t r = read(fd, key + got, f->len - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return gisac_err_set(err, GISAC_EIO, "%s: %s", f->path,
                                 r < 0 ? strerror(errno) : "short read");
        got += (size_t)r;
    }
    return 0;
}

/* Make the key file from fresh (see gisac_key_file_load); GISAC_EEXIST when another one won. */
static int key_file_create(const gisac_key_file *f, const unsigned char *fresh, gisac_err *err)
{
    char *tmp = gisac_path_suffix(f->path, ".tmp.XXXXXX");
    if (!tmp)
        return gisac_err_set(err, GISAC_ENOMEM, "out of memory");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int rc = gisac_err_set(err, GISAC_EIO, "%s: cannot create the %s: %s", f->path, f->name,
                               strerror(errno));
        free(tmp);
        return rc;
    }
    int rc = 0;
    if (fchmod(fd, 0600) < 0 || gisac_write_all(fd, fresh, f->len) < 0 || fsync(fd) < 0)
        rc = gisac_err_set(err, GISAC_EIO, "%s: cannot write the %s: %s", f->path, f->name,
                           strerror(errno));
    if (close(fd) < 0 && rc == 0)
        rc = gisac_err_set(err, GISAC_EIO, "%s: cannot write the %s: %s", f->path, f->name,
                           strerror(errno));
    if (rc == 0 && link(tmp, f->path) < 0)
        rc = errno == EEXIST ? GISAC_EEXIST
                             : gisac_err_set(err, GISAC_EIO, "%s: cannot create the %s: %s",
                                             f->path, f->name, strerror(errno));
    unlink(tmp);
    free(tmp);
    if (rc == 0)
        gisac_sync_dir(f->path);
    return rc;
}

int gisac_key_file_load(const gisac_key_file *f, const unsigned char *fresh, unsigned char *key,
                        gisac_err *err)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        int fd = open(f->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0) {
            int rc = key_file_read(fd, f, key, err);
            close(fd);
            return rc;
        }
        if (errno != ENOENT)
            return gisac_err_set(err, GISAC_EIO, "%s: %s", f->path, strerror(errno));
        if (!fresh)
            return gisac_err_set(err, GISAC_ENOTFOUND, "%s: %s", f->path, f->missing);
        int rc = key_file_create(f, fresh, err);
        if (rc < 0 && rc != GISAC_EEXIST)
            return rc;
    }
    return gisac_err_set(err, GISAC_EIO, "%s: cannot create the %s", f->path, f->name);
}
