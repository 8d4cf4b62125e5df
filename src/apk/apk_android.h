/*
 * apk_android.h: the numbers the Android formats define, in one place, for
 * the parsers of src/apk (apk_internal.h). Sources: AOSP
 * libs/androidfw/include/androidfw/ResourceTypes.h (chunk types, flags,
 * value types), frameworks/base/core/res/res/values/public.xml (attribute
 * resource ids), and the APK Signature Scheme v2/v3 pages (block ids).
 */
#ifndef GISAC_APK_ANDROID_H
#define GISAC_APK_ANDROID_H

/* Chunk types (ResChunk_header.type) of binary XML and resources.arsc. */
enum {
    APK_RES_STRING_POOL = 0x0001,
    APK_RES_TABLE = 0x0002,
    APK_RES_XML = 0x0003,
    APK_RES_XML_START_NS = 0x0100,
    APK_RES_XML_END_NS = 0x0101,
    APK_RES_XML_START_ELEMENT = 0x0102,
    APK_RES_XML_END_ELEMENT = 0x0103,
    APK_RES_XML_RESOURCE_MAP = 0x0180,
    APK_RES_PACKAGE = 0x0200,
    APK_RES_TYPE = 0x0201,
};

/* ResTable_type.flags and ResTable_entry.flags. */
enum {
    APK_TYPE_SPARSE = 0x01,
    APK_TYPE_OFFSET16 = 0x02,
    APK_ENTRY_COMPLEX = 0x0001,
    APK_ENTRY_COMPACT = 0x0008,
};

/* Res_value.dataType */
enum {
    APK_VAL_NULL = 0x00,
    APK_VAL_REFERENCE = 0x01,
    APK_VAL_ATTRIBUTE = 0x02,
    APK_VAL_STRING = 0x03,
    APK_VAL_FLOAT = 0x04,
    APK_VAL_DIMENSION = 0x05,
    APK_VAL_FRACTION = 0x06,
    APK_VAL_DYN_REFERENCE = 0x07,
    APK_VAL_INT_DEC = 0x10,
    APK_VAL_INT_HEX = 0x11,
    APK_VAL_INT_BOOLEAN = 0x12,
};

/* android: attributes the manifest check reads, by resource id. */
enum {
    APK_A_LABEL = 0x01010001,
    APK_A_NAME = 0x01010003,
    APK_A_PERMISSION = 0x01010006,
    APK_A_READ_PERMISSION = 0x01010007,
    APK_A_WRITE_PERMISSION = 0x01010008,
    APK_A_DEBUGGABLE = 0x0101000f,
    APK_A_EXPORTED = 0x01010010,
    APK_A_TASK_AFFINITY = 0x01010012,
    APK_A_LAUNCH_MODE = 0x0101001d,
    APK_A_MIN_SDK = 0x0101020c,
    APK_A_VERSION_CODE = 0x0101021b,
    APK_A_VERSION_NAME = 0x0101021c,
    APK_A_TARGET_SDK = 0x01010270,
    APK_A_TEST_ONLY = 0x01010272,
    APK_A_ALLOW_BACKUP = 0x01010280,
    APK_A_CLEARTEXT = 0x010104ec,
    APK_A_NSC = 0x01010527,
};

/* SDK levels the signature schemes depend on, and the ids of the APK
 * Signing Block's pairs and of the v3 signed attributes. */
enum {
    APK_SDK_JB_MR2 = 18,
    APK_SDK_L = 21,
    APK_SDK_N = 24,
    APK_SDK_P = 28,
    APK_SIG_ID_V2 = 0x7109871a,
    APK_SIG_ID_V3 = 0xf05368c0,
    APK_SIG_ATTR_STRIP = 0xbeeff00d,
    APK_SIG_ATTR_LINEAGE = 0x3ba06f8c,
};

#endif
