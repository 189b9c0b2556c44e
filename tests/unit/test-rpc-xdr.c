/*
 * test-rpc-xdr.c: tidemark's XDR encoders against libvirt's own
 *
 * libvirt.so.0 (Debian's libvirt0) exports the XDR routines rpcgen
 * made from its .x files. rpcgen gives a struct the same C layout
 * whatever it is called, so one value is encoded by tidemark's routine
 * and by each libvirt routine it stands for, and the bytes must be
 * equal; libvirt's bytes must then decode with tidemark's routine and
 * encode back to the same bytes. Every field of every value is filled
 * (optional strings present, arrays of several elements, hypers with
 * all bytes set, odd string lengths for padding); the cases with NULL
 * optional strings come in addition.
 *
 * Every XDR routine declared in the generated headers given as
 * arguments must appear in the table: a struct added to a .x file
 * without a case here fails the test.
 *
 * What this cannot see: two fields of the same type swapped in a .x file
 * swap in the C struct too, so both encoders still agree; the daemon
 * tier's comparisons of real command output catch such a mix-up.
 *
 * A missing libvirt.so.0 is a failure naming the package, never a skip.
 */
#include "internal.h"
#include "testutils.h"

#include <dlfcn.h>

#include "tm_net_protocol.h"
#include "tm_keepalive_protocol.h"
#include "tm_remote_protocol.h"
#include "tm_qemu_protocol.h"

#define UUID { 0x66, 0x95, 0xeb, 0x01, 0xf6, 0xa4, 0x83, 0x04, \
               0x79, 0xaa, 0x97, 0xf2, 0x50, 0x2e, 0x19, 0x3f }
#define DOM { .name = (char *)"test-dom", .uuid = UUID, .id = -7 }
#define DOM2 { .name = (char *)"abc", .uuid = UUID, .id = 3 }
#define CP { .name = (char *)"c1x", .dom = DOM }
#define SNAP { .name = (char *)"snap-ü", .dom = DOM2 }
#define HYPER 0x0123456789abcdefULL

static char uuid_bytes[16] = UUID;
#define STR_A (char *)"first string"
#define STR_B (char *)"odd"
static char *str_a = STR_A;
static char *str_b = STR_B;
static char *names[] = { (char *)"a", (char *)"bb", (char *)"ccc", (char *)"dddd" };
static tm_remote_nonnull_domain doms[] = { DOM, DOM2 };
static tm_remote_nonnull_domain_checkpoint cps[] = { CP, { .name = (char *)"p", .dom = DOM2 } };
static tm_remote_nonnull_domain_snapshot snaps[] = { SNAP, SNAP, SNAP };
static tm_remote_auth_type auths[] = { TM_REMOTE_AUTH_NONE, TM_REMOTE_AUTH_POLKIT, TM_REMOTE_AUTH_SASL };
static int ids[] = { 1, -2, 0x7fffffff };
/* libtirpc's xdr_char() stores each byte back even when encoding: char
 * arrays must be writable */
static char label[] = "system_u:system_r:svirt_t:s0";
static char sec_model[] = "selinux";
static char sec_doi[] = "0";
static tm_net_nonnull_domain net_dom = DOM;
static tm_net_nonnull_network net_net = { .name = (char *)"default", .uuid = UUID };
static tm_remote_nonnull_domain rdom = DOM;

static tm_remote_typed_param params[] = {
    { .field = (char *)"int", .value = { .type = 1, .tm_remote_typed_param_value_u.i = -5 } },
    { .field = (char *)"uint", .value = { .type = 2, .tm_remote_typed_param_value_u.ui = 0xfffffff0 } },
    { .field = (char *)"llong", .value = { .type = 3, .tm_remote_typed_param_value_u.l = -(long long)HYPER } },
    { .field = (char *)"ullong", .value = { .type = 4, .tm_remote_typed_param_value_u.ul = HYPER } },
    { .field = (char *)"double", .value = { .type = 5, .tm_remote_typed_param_value_u.d = -1.25e300 } },
    { .field = (char *)"bool", .value = { .type = 6, .tm_remote_typed_param_value_u.b = 1 } },
    { .field = (char *)"errmsg", .value = { .type = 7, .tm_remote_typed_param_value_u.s = (char *)"str" } },
};

typedef struct {
    const char *ours_name;      /* the type, without xdr_tm_ */
    xdrproc_t ours;
    size_t size;                /* sizeof the C type, to decode into */
    const void *value;
    const char *what;           /* which value, for the report */
    const char *libvirt[24];    /* libvirt's routines for the same layout */
} xdrCase;

#define CASE(type, what_, val, ...) \
    { #type, (xdrproc_t)xdr_tm_##type, sizeof(tm_##type), val, what_, { __VA_ARGS__, NULL } }
#define LV(name) "xdr_remote_" #name

/* A value of type T from its initializer */
#define V(T, ...) (&(T){ __VA_ARGS__ })

static const xdrCase cases[] = {
    /* envelope */
    CASE(net_message_header, "all fields",
         V(tm_net_message_header, 0x20008086, 1, 411, TM_NET_REPLY_WITH_FDS, 0xfedcba98, TM_NET_CONTINUE),
         "xdr_virNetMessageHeader"),
    CASE(net_message_type, "stream hole", V(tm_net_message_type, TM_NET_STREAM_HOLE),
         "xdr_virNetMessageType"),
    CASE(net_message_status, "error", V(tm_net_message_status, TM_NET_ERROR),
         "xdr_virNetMessageStatus"),
    CASE(net_message_error, "every field",
         V(tm_net_message_error, .code = 29, .domain = 69, .message = &str_a, .level = 2,
           .dom = &net_dom, .str1 = &str_b, .str2 = &str_a, .str3 = &str_b,
           .int1 = -1, .int2 = 0x12345678, .net = &net_net),
         "xdr_virNetMessageError", LV(error)),
    CASE(net_message_error, "optional fields NULL",
         V(tm_net_message_error, .code = 39, .domain = 7, .level = 2, .int1 = -1, .int2 = -1),
         "xdr_virNetMessageError", LV(error)),
    CASE(net_uuid, "uuid", uuid_bytes, "xdr_virNetMessageUUID", LV(uuid)),
    CASE(net_nonnull_string, "string", &str_a, "xdr_virNetMessageNonnullString", LV(nonnull_string)),
    CASE(net_string, "present", V(tm_net_string, &str_b), "xdr_virNetMessageString", LV(string)),
    CASE(net_string, "NULL", V(tm_net_string, NULL), "xdr_virNetMessageString", LV(string)),
    CASE(net_nonnull_domain, "domain", &net_dom, "xdr_virNetMessageNonnullDomain", LV(nonnull_domain)),
    CASE(net_nonnull_network, "network", &net_net, "xdr_virNetMessageNonnullNetwork", LV(nonnull_network)),
    CASE(net_domain, "present", V(tm_net_domain, &net_dom), "xdr_virNetMessageDomain", LV(domain)),
    CASE(net_network, "present", V(tm_net_network, &net_net), "xdr_virNetMessageNetwork", LV(network)),

    /* keepalive and QEMU programs */
    CASE(keepalive_procedure, "pong", V(tm_keepalive_procedure, TM_KEEPALIVE_PROC_PONG),
         "xdr_keepalive_procedure"),
    CASE(qemu_procedure, "monitor command", V(tm_qemu_procedure, TM_QEMU_PROC_DOMAIN_MONITOR_COMMAND),
         "xdr_qemu_procedure"),
    CASE(qemu_domain_monitor_command_args, "HMP",
         V(tm_qemu_domain_monitor_command_args, DOM, (char *)"info block", 1),
         "xdr_qemu_domain_monitor_command_args"),
    CASE(qemu_domain_monitor_command_ret, "reply",
         V(tm_qemu_domain_monitor_command_ret, (char *)"{\"return\":{}}"),
         "xdr_qemu_domain_monitor_command_ret"),

    /* handles and shared types */
    CASE(remote_nonnull_string, "string", &str_b, LV(nonnull_string)),
    CASE(remote_string, "present", V(tm_remote_string, &str_a), LV(string)),
    CASE(remote_string, "NULL", V(tm_remote_string, NULL), LV(string)),
    CASE(remote_uuid, "uuid", uuid_bytes, LV(uuid)),
    CASE(remote_nonnull_domain, "domain", &rdom, LV(nonnull_domain)),
    CASE(remote_domain, "present", V(tm_remote_domain, &rdom), LV(domain)),
    CASE(remote_domain, "NULL", V(tm_remote_domain, NULL), LV(domain)),
    CASE(remote_nonnull_domain_checkpoint, "checkpoint",
         &cps[0], LV(nonnull_domain_checkpoint)),
    CASE(remote_nonnull_domain_snapshot, "snapshot",
         &snaps[0], LV(nonnull_domain_snapshot)),
    CASE(remote_typed_param_value, "double",
         V(tm_remote_typed_param_value, .type = 5, .tm_remote_typed_param_value_u.d = 3.5),
         LV(typed_param_value)),
    CASE(remote_typed_param, "string", &params[6], LV(typed_param)),
    CASE(remote_auth_type, "polkit", V(tm_remote_auth_type, TM_REMOTE_AUTH_POLKIT), LV(auth_type)),
    CASE(remote_procedure, "backup begin", V(tm_remote_procedure, TM_REMOTE_PROC_DOMAIN_BACKUP_BEGIN),
         LV(procedure)),

    /* connection */
    CASE(remote_connect_open_args, "name and flags",
         V(tm_remote_connect_open_args, &str_a, 3), LV(connect_open_args)),
    CASE(remote_connect_open_args, "NULL name",
         V(tm_remote_connect_open_args, NULL, 1), LV(connect_open_args)),
    CASE(remote_connect_get_type_ret, "type", V(tm_remote_connect_get_type_ret, (char *)"TEST"),
         LV(connect_get_type_ret)),
    CASE(remote_connect_get_version_ret, "hyper", V(tm_remote_connect_get_version_ret, HYPER),
         LV(connect_get_version_ret)),
    CASE(remote_connect_get_lib_version_ret, "hyper", V(tm_remote_connect_get_lib_version_ret, HYPER),
         LV(connect_get_lib_version_ret)),
    CASE(remote_connect_get_hostname_ret, "name", V(tm_remote_connect_get_hostname_ret, STR_B),
         LV(connect_get_hostname_ret)),
    CASE(remote_connect_get_uri_ret, "uri", V(tm_remote_connect_get_uri_ret, (char *)"test:///default"),
         LV(connect_get_uri_ret)),
    CASE(remote_connect_is_secure_ret, "int", V(tm_remote_connect_is_secure_ret, 1),
         LV(connect_is_secure_ret)),
    CASE(remote_connect_supports_feature_args, "int", V(tm_remote_connect_supports_feature_args, 15),
         LV(connect_supports_feature_args)),
    CASE(remote_connect_supports_feature_ret, "int", V(tm_remote_connect_supports_feature_ret, -1),
         LV(connect_supports_feature_ret)),
    CASE(remote_auth_list_ret, "three types", V(tm_remote_auth_list_ret, { 3, auths }),
         LV(auth_list_ret)),
    CASE(remote_node_get_info_ret, "all fields",
         V(tm_remote_node_get_info_ret, "i686-odd-model", HYPER, 16, 1400, 2, -2, 3, 4),
         LV(node_get_info_ret)),
    CASE(remote_node_get_security_model_ret, "model and doi",
         V(tm_remote_node_get_security_model_ret, { 7, sec_model }, { 2, sec_doi }),
         LV(node_get_security_model_ret)),
    CASE(remote_connect_list_domains_args, "max", V(tm_remote_connect_list_domains_args, 16384),
         LV(connect_list_domains_args)),
    CASE(remote_connect_list_domains_ret, "ids", V(tm_remote_connect_list_domains_ret, { 3, ids }),
         LV(connect_list_domains_ret)),
    CASE(remote_connect_num_of_domains_ret, "num", V(tm_remote_connect_num_of_domains_ret, 5),
         LV(connect_num_of_domains_ret)),
    CASE(remote_connect_list_defined_domains_args, "max",
         V(tm_remote_connect_list_defined_domains_args, 3), LV(connect_list_defined_domains_args)),
    CASE(remote_connect_list_defined_domains_ret, "names",
         V(tm_remote_connect_list_defined_domains_ret, { 4, names }), LV(connect_list_defined_domains_ret)),
    CASE(remote_connect_num_of_defined_domains_ret, "num",
         V(tm_remote_connect_num_of_defined_domains_ret, 2), LV(connect_num_of_defined_domains_ret)),
    CASE(remote_connect_list_all_domains_args, "args",
         V(tm_remote_connect_list_all_domains_args, 1, 0x80000001u), LV(connect_list_all_domains_args)),
    CASE(remote_connect_list_all_domains_ret, "two domains",
         V(tm_remote_connect_list_all_domains_ret, { 2, doms }, 2), LV(connect_list_all_domains_ret)),

    /* domains */
    CASE(remote_domain_args, "domain", V(tm_remote_domain_args, DOM),
         LV(domain_create_args), LV(domain_destroy_args), LV(domain_undefine_args),
         LV(domain_get_info_args), LV(domain_get_autostart_args), LV(domain_get_os_type_args),
         LV(domain_is_active_args), LV(domain_is_persistent_args), LV(domain_shutdown_args),
         LV(domain_suspend_args), LV(domain_resume_args), LV(domain_get_security_label_args),
         LV(domain_get_job_info_args), LV(domain_abort_job_args)),
    CASE(remote_domain_flags_args, "domain and flags", V(tm_remote_domain_flags_args, DOM2, 0xdeadbeef),
         LV(domain_get_state_args), LV(domain_undefine_flags_args), LV(domain_create_with_flags_args),
         LV(domain_destroy_flags_args), LV(domain_get_xml_desc_args),
         LV(domain_has_managed_save_image_args), LV(domain_get_job_stats_args),
         LV(domain_abort_job_flags_args), LV(domain_backup_get_xml_desc_args),
         LV(domain_snapshot_num_args), LV(domain_has_current_snapshot_args),
         LV(domain_snapshot_current_args), LV(domain_get_messages_args),
         LV(domain_shutdown_flags_args)),
    CASE(remote_domain_ret, "domain", V(tm_remote_domain_ret, DOM),
         LV(domain_lookup_by_id_ret), LV(domain_lookup_by_name_ret), LV(domain_lookup_by_uuid_ret),
         LV(domain_define_xml_ret), LV(domain_define_xml_flags_ret), LV(domain_create_with_flags_ret),
         LV(domain_create_xml_ret)),
    CASE(remote_domain_create_xml_args, "xml and flags",
         V(tm_remote_domain_create_xml_args, STR_B, 3), LV(domain_create_xml_args)),
    CASE(remote_connect_domain_xml_to_native_args, "format, xml and flags",
         V(tm_remote_connect_domain_xml_to_native_args, (char *)"qemu-argv", STR_A, 0x80000001),
         LV(connect_domain_xml_to_native_args)),
    CASE(remote_connect_domain_xml_to_native_ret, "config",
         V(tm_remote_connect_domain_xml_to_native_ret, STR_B), LV(connect_domain_xml_to_native_ret)),
    CASE(remote_domain_lookup_by_id_args, "id", V(tm_remote_domain_lookup_by_id_args, -1),
         LV(domain_lookup_by_id_args)),
    CASE(remote_domain_lookup_by_name_args, "name", V(tm_remote_domain_lookup_by_name_args, STR_B),
         LV(domain_lookup_by_name_args)),
    CASE(remote_domain_lookup_by_uuid_args, "uuid", V(tm_remote_domain_lookup_by_uuid_args, UUID),
         LV(domain_lookup_by_uuid_args)),
    CASE(remote_domain_get_info_ret, "all fields",
         V(tm_remote_domain_get_info_ret, 7, HYPER, 2097152, 0xfffe, HYPER - 1), LV(domain_get_info_ret)),
    CASE(remote_domain_get_state_ret, "state", V(tm_remote_domain_get_state_ret, 5, 2),
         LV(domain_get_state_ret)),
    CASE(remote_domain_define_xml_args, "xml", V(tm_remote_domain_define_xml_args, STR_A),
         LV(domain_define_xml_args)),
    CASE(remote_domain_define_xml_flags_args, "xml and flags",
         V(tm_remote_domain_define_xml_flags_args, STR_A, 1), LV(domain_define_xml_flags_args)),
    CASE(remote_domain_get_os_type_ret, "type", V(tm_remote_domain_get_os_type_ret, (char *)"hvm"),
         LV(domain_get_os_type_ret)),
    CASE(remote_int_ret, "int", V(tm_remote_int_ret, -3),
         LV(domain_is_active_ret), LV(domain_is_persistent_ret), LV(domain_get_autostart_ret),
         LV(domain_has_managed_save_image_ret), LV(domain_has_current_snapshot_ret),
         LV(domain_snapshot_num_ret), LV(domain_snapshot_num_children_ret),
         LV(domain_snapshot_is_current_ret), LV(domain_snapshot_has_metadata_ret),
         LV(connect_num_of_domains_ret), LV(connect_num_of_defined_domains_ret),
         LV(connect_is_secure_ret), LV(connect_supports_feature_ret)),
    CASE(remote_domain_get_messages_ret, "messages",
         V(tm_remote_domain_get_messages_ret, { 3, names }), LV(domain_get_messages_ret)),
    CASE(remote_domain_get_security_label_ret, "label",
         V(tm_remote_domain_get_security_label_ret, { sizeof(label), label }, 1),
         LV(domain_get_security_label_ret)),

    /* jobs and backups */
    CASE(remote_domain_get_job_info_ret, "all fields",
         V(tm_remote_domain_get_job_info_ret, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, HYPER),
         LV(domain_get_job_info_ret)),
    CASE(remote_domain_get_job_stats_ret, "a parameter of every type",
         V(tm_remote_domain_get_job_stats_ret, 2, { G_N_ELEMENTS(params), params }),
         LV(domain_get_job_stats_ret)),
    CASE(remote_domain_get_block_job_info_args, "disk and flags",
         V(tm_remote_domain_get_block_job_info_args, DOM, STR_B, 1),
         LV(domain_get_block_job_info_args)),
    CASE(remote_domain_get_block_job_info_ret, "all fields",
         V(tm_remote_domain_get_block_job_info_ret, 1, 5, 1, 2, HYPER),
         LV(domain_get_block_job_info_ret)),
    CASE(remote_domain_fsfreeze_args, "mount points",
         V(tm_remote_domain_fsfreeze_args, DOM, { 3, names }, 0),
         LV(domain_fsfreeze_args), LV(domain_fsthaw_args)),
    CASE(remote_domain_fsfreeze_ret, "count", V(tm_remote_domain_fsfreeze_ret, 2),
         LV(domain_fsfreeze_ret), LV(domain_fsthaw_ret)),
    CASE(remote_domain_backup_begin_args, "with a checkpoint",
         V(tm_remote_domain_backup_begin_args, DOM, STR_A, &str_b, 1), LV(domain_backup_begin_args)),
    CASE(remote_domain_backup_begin_args, "without a checkpoint",
         V(tm_remote_domain_backup_begin_args, DOM, STR_A, NULL, 0), LV(domain_backup_begin_args)),

    /* checkpoints */
    CASE(remote_domain_moment_create_xml_args, "create",
         V(tm_remote_domain_moment_create_xml_args, DOM, STR_A, 5),
         LV(domain_checkpoint_create_xml_args), LV(domain_snapshot_create_xml_args)),
    CASE(remote_domain_checkpoint_args, "checkpoint and flags",
         V(tm_remote_domain_checkpoint_args, CP, 4),
         LV(domain_checkpoint_get_xml_desc_args), LV(domain_checkpoint_get_parent_args),
         LV(domain_checkpoint_delete_args)),
    CASE(remote_domain_checkpoint_ret, "checkpoint", V(tm_remote_domain_checkpoint_ret, CP),
         LV(domain_checkpoint_create_xml_ret), LV(domain_checkpoint_lookup_by_name_ret),
         LV(domain_checkpoint_get_parent_ret)),
    CASE(remote_domain_list_all_args, "list all",
         V(tm_remote_domain_list_all_args, DOM, 1, 0xf),
         LV(domain_list_all_checkpoints_args), LV(domain_list_all_snapshots_args)),
    CASE(remote_domain_checkpoint_list_all_children_args, "children",
         V(tm_remote_domain_checkpoint_list_all_children_args, CP, 0, 1),
         LV(domain_checkpoint_list_all_children_args)),
    CASE(remote_domain_checkpoint_list_ret, "two checkpoints",
         V(tm_remote_domain_checkpoint_list_ret, { 2, cps }, 2),
         LV(domain_list_all_checkpoints_ret), LV(domain_checkpoint_list_all_children_ret)),
    CASE(remote_domain_moment_lookup_by_name_args, "lookup",
         V(tm_remote_domain_moment_lookup_by_name_args, DOM2, STR_B, 0),
         LV(domain_checkpoint_lookup_by_name_args), LV(domain_snapshot_lookup_by_name_args)),

    /* snapshots */
    CASE(remote_domain_snapshot_args, "snapshot and flags",
         V(tm_remote_domain_snapshot_args, SNAP, 0x12),
         LV(domain_snapshot_get_xml_desc_args), LV(domain_snapshot_num_children_args),
         LV(domain_snapshot_is_current_args), LV(domain_snapshot_has_metadata_args),
         LV(domain_revert_to_snapshot_args), LV(domain_snapshot_delete_args),
         LV(domain_snapshot_get_parent_args)),
    CASE(remote_domain_snapshot_ret, "snapshot", V(tm_remote_domain_snapshot_ret, SNAP),
         LV(domain_snapshot_create_xml_ret), LV(domain_snapshot_lookup_by_name_ret),
         LV(domain_snapshot_get_parent_ret), LV(domain_snapshot_current_ret)),
    CASE(remote_domain_snapshot_list_names_args, "names",
         V(tm_remote_domain_snapshot_list_names_args, DOM, 100, 3), LV(domain_snapshot_list_names_args)),
    CASE(remote_domain_snapshot_list_children_names_args, "names",
         V(tm_remote_domain_snapshot_list_children_names_args, SNAP, 100, 3),
         LV(domain_snapshot_list_children_names_args)),
    CASE(remote_domain_snapshot_names_ret, "four names",
         V(tm_remote_domain_snapshot_names_ret, { 4, names }),
         LV(domain_snapshot_list_names_ret), LV(domain_snapshot_list_children_names_ret)),
    CASE(remote_domain_snapshot_list_all_children_args, "children",
         V(tm_remote_domain_snapshot_list_all_children_args, SNAP, 1, 1),
         LV(domain_snapshot_list_all_children_args)),
    CASE(remote_domain_snapshot_list_ret, "three snapshots",
         V(tm_remote_domain_snapshot_list_ret, { 3, snaps }, 3),
         LV(domain_list_all_snapshots_ret), LV(domain_snapshot_list_all_children_ret)),
    /* events */
    CASE(remote_connect_domain_event_callback_register_any_args, "with a domain",
         V(tm_remote_connect_domain_event_callback_register_any_args, 21, &rdom),
         LV(connect_domain_event_callback_register_any_args)),
    CASE(remote_connect_domain_event_callback_register_any_args, "every domain",
         V(tm_remote_connect_domain_event_callback_register_any_args, 0, NULL),
         LV(connect_domain_event_callback_register_any_args)),
    CASE(remote_connect_domain_event_callback_register_any_ret, "id",
         V(tm_remote_connect_domain_event_callback_register_any_ret, 0x1234567),
         LV(connect_domain_event_callback_register_any_ret)),
    CASE(remote_connect_domain_event_callback_deregister_any_args, "id",
         V(tm_remote_connect_domain_event_callback_deregister_any_args, 9),
         LV(connect_domain_event_callback_deregister_any_args)),
    CASE(remote_domain_event_lifecycle_msg, "event",
         V(tm_remote_domain_event_lifecycle_msg, DOM, 5, 2), LV(domain_event_lifecycle_msg)),
    CASE(remote_domain_event_callback_lifecycle_msg, "callback event",
         V(tm_remote_domain_event_callback_lifecycle_msg, 3, { DOM2, 2, 0 }),
         LV(domain_event_callback_lifecycle_msg)),
    CASE(remote_domain_event_callback_job_completed_msg, "statistics of every type",
         V(tm_remote_domain_event_callback_job_completed_msg, 4, DOM2,
           { G_N_ELEMENTS(params), params }),
         LV(domain_event_callback_job_completed_msg)),
    CASE(remote_xml_ret, "xml", V(tm_remote_xml_ret, (char *)"<domain/>\n"),
         LV(domain_get_xml_desc_ret), LV(domain_checkpoint_get_xml_desc_ret),
         LV(domain_snapshot_get_xml_desc_ret), LV(domain_backup_get_xml_desc_ret)),
};

/* Encodes @value with @proc into @buf; returns the byte count or -1. */
static int
encode(xdrproc_t proc, const void *value, char *buf, size_t size)
{
    XDR xdr;
    int len = -1;

    xdrmem_create(&xdr, buf, size, XDR_ENCODE);
    if (proc(&xdr, (void *)value, 0))
        len = xdr_getpos(&xdr);
    xdr_destroy(&xdr);
    return len;
}

static void
check_case(void *libvirt, const xdrCase *c)
{
    static char ours[8192], theirs[8192], again[8192];
    int ours_len = encode(c->ours, c->value, ours, sizeof(ours));
    size_t i;

    for (i = 0; c->libvirt[i]; i++) {
        xdrproc_t proc = (xdrproc_t)dlsym(libvirt, c->libvirt[i]);
        g_autofree void *decoded = g_malloc0(c->size);
        int theirs_len, again_len = -1;
        bool decoded_ok;
        XDR xdr;

        if (!tmTestResult(proc != NULL, "%s exported by libvirt.so.0", c->libvirt[i]))
            continue;
        theirs_len = encode(proc, c->value, theirs, sizeof(theirs));
        if (!tmTestResult(ours_len > 0 && ours_len == theirs_len &&
                          memcmp(ours, theirs, ours_len) == 0,
                          "xdr_tm_%s (%s) encodes as %s", c->ours_name, c->what, c->libvirt[i])) {
            tmTestDiag("tidemark %d bytes, libvirt %d bytes", ours_len, theirs_len);
            continue;
        }

        /* libvirt's bytes read back by tidemark's decoder */
        xdrmem_create(&xdr, theirs, theirs_len, XDR_DECODE);
        decoded_ok = c->ours(&xdr, decoded, 0) && (int)xdr_getpos(&xdr) == theirs_len;
        xdr_destroy(&xdr);
        if (decoded_ok)
            again_len = encode(c->ours, decoded, again, sizeof(again));
        tmTestResult(decoded_ok && again_len == theirs_len &&
                     memcmp(again, theirs, theirs_len) == 0,
                     "xdr_tm_%s (%s) decodes %s's bytes", c->ours_name, c->what, c->libvirt[i]);
        xdr_free(c->ours, decoded);
    }
}

/* Every routine the generated headers declare has a case. */
static void
check_coverage(int nheaders, char **headers)
{
    g_autoptr(GRegex) re = g_regex_new("^extern\\s+bool_t\\s+xdr_tm_(\\w+)\\s*\\(",
                                       G_REGEX_MULTILINE, 0, NULL);
    int i;

    for (i = 0; i < nheaders; i++) {
        g_autofree char *text = tmTestReadFile(headers[i]);
        g_autoptr(GMatchInfo) match = NULL;
        size_t found = 0;

        g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

        /* rpcgen declares each routine twice (ANSI and K&R prototypes) */
        g_regex_match(re, text, 0, &match);
        for (; g_match_info_matches(match); g_match_info_next(match, NULL)) {
            char *name = g_match_info_fetch(match, 1);
            bool covered = false;
            size_t j;

            if (!g_hash_table_add(seen, name))
                continue;
            for (j = 0; j < G_N_ELEMENTS(cases); j++)
                covered |= g_str_equal(cases[j].ours_name, name);
            if (!covered)
                tmTestResult(false, "xdr_tm_%s has a case in test-rpc-xdr.c", name);
            found++;
        }
        tmTestResult(found > 0, "%s declares XDR routines, each with a case",
                     headers[i]);
    }
}

int
main(int argc, char **argv)
{
    void *libvirt = dlopen("libvirt.so.0", RTLD_NOW | RTLD_LOCAL);
    size_t i;

    if (!tmTestResult(libvirt != NULL,
                      "libvirt.so.0 loads (Debian package libvirt0, installed with python3-libvirt)")) {
        tmTestDiag("%s", dlerror());
        return tmTestDone();
    }
    for (i = 0; i < G_N_ELEMENTS(cases); i++)
        check_case(libvirt, &cases[i]);
    check_coverage(argc - 1, argv + 1);
    /* libvirt.so.0 stays loaded: unloading a library of its size only
     * gives its destructors a chance to run against a half-torn process */
    return tmTestDone();
}
