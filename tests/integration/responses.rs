//! Real responses decode. Responses shaped like the examples of Stytch's API reference, for 16
//! endpoints of the compiled corpus, with what real servers send beyond the schemas: `null` where
//! a schema does not allow it but Stytch documents it (`organization_id_hint` "will be null",
//! `next_cursor` is null on the last page, `mfa_required` and `primary_required`), enum values
//! added after the schemas were written, and properties no schema names. Each decodes into the
//! endpoint's response type (decoding is lenient), keeps what it can (unknown values and
//! properties), and the validators still report every deviation: exactly the places listed.

use std::collections::BTreeSet;

use codegen_runtime::{Endpoint, FromJson};
use serde_json::{json, Value};

/// One documented response: the endpoint's response type, the body, and the instance paths the
/// validators must report (the deviations put in on purpose).
struct Case {
    endpoint: &'static str,
    check: fn(&Value) -> Result<(), String>,
    body: Value,
    deviations: &'static [&'static str],
}

/// Decodes `body` into `E::Response`, checks it keeps unknown properties, and returns the
/// instance paths the validators report.
fn decode<E>(body: &Value) -> Result<(), String>
where
    E: Endpoint,
    E::Response: FromJson + serde::Serialize,
{
    let decoded: E::Response = serde_json::from_value(body.clone())
        .map_err(|e| format!("{}: does not decode: {e}", E::OPERATION_ID))?;
    let back = serde_json::to_value(&decoded).map_err(|e| e.to_string())?;
    // What decoding keeps: everything but the nulls it read as absent.
    if !keeps_all_but_nulls(body, &back) {
        return Err(format!(
            "{}: decoding lost more than nulls: {back}",
            E::OPERATION_ID
        ));
    }
    Ok(())
}

fn keeps_all_but_nulls(full: &Value, back: &Value) -> bool {
    match (full, back) {
        (Value::Object(a), Value::Object(b)) => a.iter().all(|(k, v)| match b.get(k) {
            Some(w) => keeps_all_but_nulls(v, w),
            None => v.is_null(),
        }),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(v, w)| keeps_all_but_nulls(v, w))
        }
        _ => tests::same_json(full, back),
    }
}

fn reported<T: FromJson>(body: &Value) -> BTreeSet<String> {
    match T::validate_value(body) {
        Ok(()) => BTreeSet::new(),
        Err(errors) => errors.iter().map(|e| e.instance_path.clone()).collect(),
    }
}

fn organization() -> Value {
    json!({
        "organization_id": "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
        "organization_name": "Example Org Inc.",
        "organization_logo_url": "https://example.com/logo.png",
        "organization_slug": "example-org",
        "organization_external_id": "my-external-id",
        "trusted_metadata": {"billing_address": {"city": "San Francisco"}},
        "sso_default_connection_id": null,
        "sso_jit_provisioning": "ALL_ALLOWED",
        "sso_jit_provisioning_allowed_connections": [],
        "sso_active_connections": [],
        "email_allowed_domains": ["example.com"],
        "email_jit_provisioning": "RESTRICTED",
        "email_invites": "ALL_ALLOWED",
        "auth_methods": "ALL_ALLOWED",
        "allowed_auth_methods": [],
        "mfa_policy": "OPTIONAL",
        "rbac_email_implicit_role_assignments": [],
        "mfa_methods": "ALL_ALLOWED",
        "allowed_mfa_methods": [],
        "oauth_tenant_jit_provisioning": "NOT_ALLOWED",
        "claimed_email_domains": ["example.com"],
        "first_party_connected_apps_allowed_type": "ALL_ALLOWED",
        "allowed_first_party_connected_apps": [],
        "third_party_connected_apps_allowed_type": "ALL_ALLOWED",
        "allowed_third_party_connected_apps": [],
        "custom_roles": [],
        "created_at": "2024-03-01T17:52:00Z",
        "updated_at": "2024-03-01T17:52:00Z"
    })
}

fn member() -> Value {
    json!({
        "organization_id": "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
        "member_id": "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
        "email_address": "admin@example.com",
        "status": "active",
        "name": "Jane Doe",
        "sso_registrations": [],
        "is_breakglass": false,
        "member_password_id": "",
        "oauth_registrations": [],
        "email_address_verified": true,
        "mfa_phone_number_verified": false,
        "is_admin": true,
        "totp_registration_id": "",
        "retired_email_addresses": [],
        "is_locked": false,
        "mfa_enrolled": false,
        "mfa_phone_number": "",
        "default_mfa_method": "",
        "roles": [],
        "trusted_metadata": {},
        "untrusted_metadata": {},
        "created_at": "2024-03-01T17:52:00Z",
        "updated_at": "2024-03-01T17:52:00Z",
        "scim_registration": null
    })
}

fn member_session() -> Value {
    json!({
        "member_session_id": "member-session-test-e4a5c4e3-0a6a-4c8f-9b7c-4f4a4a6a2e5d",
        "member_id": "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
        "started_at": "2024-03-01T17:52:00Z",
        "last_accessed_at": "2024-03-01T17:52:00Z",
        "expires_at": "2024-03-08T17:52:00Z",
        "authentication_factors": [{
            "type": "magic_link",
            "delivery_method": "email",
            "last_authenticated_at": "2024-03-01T17:52:00Z",
            "email_factor": {
                "email_id": "email-test-c76b7a06-9ac0-4a4e-9d05-3e4fe9a1d7d1",
                "email_address": "admin@example.com"
            }
        }],
        "organization_id": "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
        "roles": ["stytch_member", "stytch_admin"],
        "organization_slug": "example-org",
        "custom_claims": {}
    })
}

fn user() -> Value {
    json!({
        "user_id": "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6",
        "name": {"first_name": "Jane", "middle_name": "", "last_name": "Doe"},
        "emails": [{
            "email_id": "email-test-81bf03a8-86e1-4d95-bd44-bb3495224953",
            "email": "sandbox@stytch.com",
            "verified": true
        }],
        "status": "active",
        "phone_numbers": [],
        "webauthn_registrations": [],
        "providers": [],
        "totps": [],
        "crypto_wallets": [],
        "biometric_registrations": [],
        "is_locked": false,
        "roles": ["stytch_user"],
        "trusted_metadata": {},
        "untrusted_metadata": {},
        "created_at": "2023-01-09T07:41:52Z",
        "password": null,
        "external_id": null
    })
}

fn session(delivery_method: &str) -> Value {
    json!({
        "session_id": "session-test-fe6c042b-6286-479f-8a4f-b046a6c46509",
        "user_id": "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6",
        "started_at": "2024-03-01T17:52:00Z",
        "last_accessed_at": "2024-03-01T17:52:00Z",
        "expires_at": "2024-03-08T17:52:00Z",
        "authentication_factors": [{
            "type": "magic_link",
            "delivery_method": delivery_method,
            "last_authenticated_at": "2024-03-01T17:52:00Z",
            "email_factor": {
                "email_id": "email-test-81bf03a8-86e1-4d95-bd44-bb3495224953",
                "email_address": "sandbox@stytch.com"
            }
        }],
        "attributes": {"ip_address": "203.0.113.1", "user_agent": "Mozilla/5.0"},
        "roles": ["stytch_user"],
        "custom_claims": {}
    })
}

const REQUEST_ID: &str = "request-id-test-55c9f9f4-9d5b-4f34-8c77-8a2c1f9a2b54";

fn cases() -> Vec<Case> {
    use tests::corpus::types::endpoints as e;
    vec![
        Case {
            endpoint: "discovery organizations list",
            check: decode::<e::discovery::OrganizationsList>,
            body: json!({
                "request_id": REQUEST_ID,
                "email_address": "sandbox@stytch.com",
                "discovered_organizations": [{
                    "organization": organization(),
                    "membership": {"type": "active_member", "details": null, "member": member()},
                    "member_authenticated": false,
                    "primary_required": null,
                    "mfa_required": null
                }],
                "organization_id_hint": null,
                "status_code": 200
            }),
            deviations: &[
                "/discovered_organizations/0/membership/member/scim_registration",
                "/discovered_organizations/0/membership/details",
                "/discovered_organizations/0/mfa_required",
                "/discovered_organizations/0/organization/sso_default_connection_id",
                "/discovered_organizations/0/primary_required",
                "/organization_id_hint",
            ],
        },
        Case {
            endpoint: "organizations search, last page",
            check: decode::<e::organization::Search>,
            body: json!({
                "request_id": REQUEST_ID,
                "organizations": [organization()],
                "results_metadata": {"total": 1, "next_cursor": null},
                "status_code": 200
            }),
            deviations: &[
                "/organizations/0/sso_default_connection_id",
                "/results_metadata/next_cursor",
            ],
        },
        Case {
            endpoint: "organizations get",
            check: decode::<e::organization::Get>,
            body: json!({
                "request_id": REQUEST_ID,
                "organization": organization(),
                "status_code": 200
            }),
            deviations: &["/organization/sso_default_connection_id"],
        },
        Case {
            endpoint: "members search",
            check: decode::<e::organization::MembersSearch>,
            body: json!({
                "request_id": REQUEST_ID,
                "members": [member()],
                "results_metadata": {"total": 1, "next_cursor": null},
                "organizations": {
                    "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931": organization()
                },
                "status_code": 200
            }),
            deviations: &[
                "/members/0/scim_registration",
                "/organizations/organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931/sso_default_connection_id",
                "/results_metadata/next_cursor",
            ],
        },
        Case {
            endpoint: "members create",
            check: decode::<e::organization::MembersCreate>,
            body: json!({
                "request_id": REQUEST_ID,
                "member_id": "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
                "member": member(),
                "organization": organization(),
                "status_code": 200
            }),
            deviations: &[
                "/member/scim_registration",
                "/organization/sso_default_connection_id",
            ],
        },
        Case {
            endpoint: "B2B session authenticate",
            check: decode::<e::b2b_session::Authenticate>,
            body: json!({
                "request_id": REQUEST_ID,
                "member_session": member_session(),
                "session_token": "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q",
                "session_jwt": "eyJhbGciOiJSUzI1NiIsImtpZCI6Imp3ay10ZXN0In0.e30.sig",
                "member": member(),
                "organization": organization(),
                "verdict": null,
                "status_code": 200
            }),
            deviations: &[
                "/member/scim_registration",
                "/organization/sso_default_connection_id",
                "/verdict",
            ],
        },
        Case {
            endpoint: "B2B magic link authenticate, MFA not required",
            check: decode::<e::b2b_magic::Authenticate>,
            body: json!({
                "request_id": REQUEST_ID,
                "member_id": "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f",
                "method_id": "email-test-c76b7a06-9ac0-4a4e-9d05-3e4fe9a1d7d1",
                "reset_sessions": false,
                "organization_id": "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931",
                "member": member(),
                "session_token": "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q",
                "session_jwt": "eyJhbGciOiJSUzI1NiIsImtpZCI6Imp3ay10ZXN0In0.e30.sig",
                "member_session": member_session(),
                "organization": organization(),
                "intermediate_session_token": "",
                "member_authenticated": true,
                "mfa_required": null,
                "primary_required": null,
                "status_code": 200
            }),
            deviations: &[
                "/member/scim_registration",
                "/mfa_required",
                "/organization/sso_default_connection_id",
                "/primary_required",
            ],
        },
        Case {
            endpoint: "session authenticate, a new delivery method",
            check: decode::<e::session::Authenticate>,
            body: json!({
                "request_id": REQUEST_ID,
                "session": session("passkey_cross_device"),
                "session_token": "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q",
                "session_jwt": "eyJhbGciOiJSUzI1NiIsImtpZCI6Imp3ay10ZXN0In0.e30.sig",
                "user": user(),
                "status_code": 200
            }),
            deviations: &[
                "/session/authentication_factors/0/delivery_method",
                "/user/external_id",
                "/user/password",
            ],
        },
        Case {
            endpoint: "sessions get",
            check: decode::<e::session::Get>,
            body: json!({
                "request_id": REQUEST_ID,
                "sessions": [session("email")],
                "status_code": 200
            }),
            deviations: &[],
        },
        Case {
            endpoint: "users get",
            check: decode::<e::user::Get>,
            body: {
                let mut body = user();
                body["request_id"] = json!(REQUEST_ID);
                body["status_code"] = json!(200);
                body
            },
            deviations: &["/external_id", "/password"],
        },
        Case {
            endpoint: "users search, last page",
            check: decode::<e::user::Search>,
            body: json!({
                "request_id": REQUEST_ID,
                "results": [user()],
                "results_metadata": {"total": 1, "next_cursor": null},
                "status_code": 200
            }),
            deviations: &[
                "/results/0/external_id",
                "/results/0/password",
                "/results_metadata/next_cursor",
            ],
        },
        Case {
            endpoint: "magic link login or create",
            check: decode::<e::magic::LinksEmailLoginOrCreate>,
            body: json!({
                "request_id": REQUEST_ID,
                "user_id": "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6",
                "email_id": "email-test-81bf03a8-86e1-4d95-bd44-bb3495224953",
                "user_created": true,
                "status_code": 200,
                "user": user()
            }),
            // `user` is not in this schema: a property added later, kept as it is.
            deviations: &[],
        },
        Case {
            endpoint: "OTP by SMS send",
            check: decode::<e::otp::SmsSend>,
            body: json!({
                "request_id": REQUEST_ID,
                "user_id": "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6",
                "phone_id": "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0",
                "status_code": 200,
                "user": null
            }),
            // `user` is not in this schema: a property added later, kept as it is.
            deviations: &[],
        },
        Case {
            endpoint: "password strength check, no feedback",
            check: decode::<e::password::StrengthCheck>,
            body: json!({
                "request_id": REQUEST_ID,
                "valid_password": true,
                "score": 4,
                "breached_password": false,
                "strength_policy": "zxcvbn",
                "breach_detection_on_create": true,
                "feedback": null,
                "status_code": 200
            }),
            deviations: &["/feedback"],
        },
        Case {
            endpoint: "TOTP create",
            check: decode::<e::totp::Create>,
            body: json!({
                "request_id": REQUEST_ID,
                "totp_id": "totp-test-41920359-8bbb-4fe8-8fa3-aaa83f35f02c",
                "secret": "BTGNX5RKJRMQWQFRQKTG34JCF6XDRHZS",
                "qr_code": "data:image/png;base64,iVBORw0KGgoAAAANSU...",
                "recovery_codes": ["ckss-2skx-ebow", "spbc-424h-usy0"],
                "user": user(),
                "user_id": "user-test-16d9ba61-97a1-4ba4-9720-b03761dc50c6",
                "status_code": 200
            }),
            deviations: &["/user/external_id", "/user/password"],
        },
        Case {
            endpoint: "fraud rule set, a new action",
            check: decode::<e::fraud::RulesSet>,
            body: json!({
                "request_id": REQUEST_ID,
                "action": "QUARANTINE",
                "visitor_id": "visitor-6139cbcc-4dda-4b1f-b1c0-13c08ec64d72",
                "description": "Known good device",
                "expires_at": null,
                "status_code": 200
            }),
            deviations: &["/action", "/expires_at"],
        },
    ]
}

#[test]
fn documented_responses_decode_and_validators_report_each_deviation() {
    if tests::corpus_dir().is_none() {
        return;
    }
    let cases = cases();
    assert!(cases.len() >= 15);
    let mut problems = Vec::new();
    for case in &cases {
        if let Err(problem) = (case.check)(&case.body) {
            problems.push(format!("{}: {problem}", case.endpoint));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn validators_report_exactly_the_deviations() {
    if tests::corpus_dir().is_none() {
        return;
    }
    use tests::corpus::types::endpoints as e;
    fn paths<E>(body: &Value) -> BTreeSet<String>
    where
        E: Endpoint,
        E::Response: FromJson,
    {
        reported::<E::Response>(body)
    }
    let reporters: Vec<fn(&Value) -> BTreeSet<String>> = vec![
        paths::<e::discovery::OrganizationsList>,
        paths::<e::organization::Search>,
        paths::<e::organization::Get>,
        paths::<e::organization::MembersSearch>,
        paths::<e::organization::MembersCreate>,
        paths::<e::b2b_session::Authenticate>,
        paths::<e::b2b_magic::Authenticate>,
        paths::<e::session::Authenticate>,
        paths::<e::session::Get>,
        paths::<e::user::Get>,
        paths::<e::user::Search>,
        paths::<e::magic::LinksEmailLoginOrCreate>,
        paths::<e::otp::SmsSend>,
        paths::<e::password::StrengthCheck>,
        paths::<e::totp::Create>,
        paths::<e::fraud::RulesSet>,
    ];
    let cases = cases();
    assert_eq!(reporters.len(), cases.len());
    let mut problems = Vec::new();
    for (case, report) in cases.iter().zip(reporters) {
        let got = report(&case.body);
        let expected: BTreeSet<String> = case.deviations.iter().map(|d| d.to_string()).collect();
        if got != expected {
            problems.push(format!(
                "{}: reported {got:?}, expected {expected:?}",
                case.endpoint
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
