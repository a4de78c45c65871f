//! Templates: publication by a space operator or by a provider, revision as new versions that
//! agreements made earlier do not follow.

use crate::{mock::*, *};
use frame::testing_prelude::*;

/// [`policy`] with a scenario list longer than `MaxPolicyItems` (4 in the mock).
fn oversized_policy() -> PolicyInput {
	PolicyInput { scenarios: vec![1, 2, 3, 4, 5].try_into().unwrap(), ..policy() }
}

/// [`policy`] permitting downloads too.
fn download_policy() -> PolicyInput {
	PolicyInput { manners: policy().manners.with(Manner::Download), ..policy() }
}

/// Publishes a template with `model` and `policy`, signed by `who`.
fn publish(who: u64, model: ContractModel, policy: PolicyInput) -> DispatchResult {
	Contracts::publish_template(RuntimeOrigin::signed(who), model, digest(0x7e), Box::new(policy))
}

/// Revises `template` with `policy`, signed by `who`.
fn revise(who: u64, template: TemplateId, policy: PolicyInput) -> DispatchResult {
	Contracts::revise_template(RuntimeOrigin::signed(who), template, digest(0x7f), Box::new(policy))
}

/// `policy` under the runtime's bound, as stored.
fn bounded(policy: PolicyInput) -> PolicyOf<Test> {
	policy.rebound().expect("within MaxPolicyItems")
}

#[test]
fn an_operator_publishes_a_template_of_its_space() {
	run(|| {
		assert_ok!(publish(OPERATOR_A, ContractModel::Provision, policy()));
		assert_eq!(
			last_event(),
			Event::TemplatePublished {
				template: 0,
				publisher: TemplatePublisher::Space(SPACE_A),
				model: ContractModel::Provision,
			}
		);
		assert_eq!(NextTemplateId::<Test>::get(), 1);
		let (template, versions) = Contracts::template(0).unwrap();
		assert_eq!(template.publisher, TemplatePublisher::Space(SPACE_A));
		assert_eq!(template.model, ContractModel::Provision);
		assert_eq!(template.version, 1);
		assert_eq!(template.terms, digest(0x7e));
		assert_eq!(template.default_policy, bounded(policy()));
		assert_eq!(versions.len(), 1);
		assert_eq!(versions[0].terms, digest(0x7e));
		assert_eq!(versions[0].default_policy, bounded(policy()));
		assert_eq!(versions[0].at, 1);
	});
}

#[test]
fn a_provider_publishes_a_template_of_its_own() {
	run(|| {
		assert_ok!(publish(PROVIDER, ContractModel::EntrustedProcessing, policy()));
		assert_eq!(
			last_event(),
			Event::TemplatePublished {
				template: 0,
				publisher: TemplatePublisher::Provider(org(HUAWEI)),
				model: ContractModel::EntrustedProcessing,
			}
		);
		assert_eq!(
			Templates::<Test>::get(0u32).map(|template| template.publisher),
			Some(TemplatePublisher::Provider(org(HUAWEI)))
		);
	});
}

#[test]
fn templates_are_numbered_in_order() {
	run(|| {
		assert_eq!(template(), 0);
		assert_eq!(template(), 1);
		assert_ok!(publish(PROVIDER, ContractModel::FusionDevelopment, policy()));
		assert_eq!(NextTemplateId::<Test>::get(), 3);
		assert_eq!(
			Contracts::template(2).map(|(template, _)| template.model),
			Some(ContractModel::FusionDevelopment)
		);
	});
}

#[test]
fn only_an_operator_or_a_provider_publishes() {
	run(|| {
		// A user, an organisation without a role, a regulator and nobody at all.
		for who in [USER, OTHER_USER, ARBITRATOR, REGULATOR, CONNECTOR, STRANGER] {
			assert_noop!(
				publish(who, ContractModel::Provision, policy()),
				Error::<Test>::NotAuthorized
			);
		}
		assert_noop!(
			Contracts::publish_template(
				RuntimeOrigin::root(),
				ContractModel::Provision,
				digest(0x7e),
				Box::new(policy())
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_frozen_provider_may_not_publish_or_revise() {
	run(|| {
		assert_ok!(publish(PROVIDER, ContractModel::Intermediary, policy()));
		assert_ok!(IdentityRegistry::freeze_participant(
			RuntimeOrigin::signed(OPERATOR_A),
			org(HUAWEI),
			digest(9)
		));
		assert_noop!(
			publish(PROVIDER, ContractModel::Provision, policy()),
			Error::<Test>::IdentityNotActive
		);
		assert_noop!(revise(PROVIDER, 0, policy()), Error::<Test>::IdentityNotActive);
	});
}

#[test]
fn the_operator_of_a_suspended_space_may_not_publish() {
	run(|| {
		assert_ok!(IdentityRegistry::suspend_space(RuntimeOrigin::root(), SPACE_A, digest(9)));
		assert_noop!(
			publish(OPERATOR_A, ContractModel::Provision, policy()),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(publish(OPERATOR_B, ContractModel::Provision, policy()));
	});
}

#[test]
fn an_oversized_default_policy_is_refused() {
	run(|| {
		let too_many_users = PolicyInput {
			users: vec![digest(1), digest(2), digest(3), digest(4), digest(5)].try_into().unwrap(),
			..policy()
		};
		let too_many_spaces =
			PolicyInput { spaces: vec![0, 1, 2, 3, 4].try_into().unwrap(), ..policy() };
		for oversized in [oversized_policy(), too_many_users, too_many_spaces] {
			assert_noop!(
				publish(OPERATOR_A, ContractModel::Provision, oversized),
				Error::<Test>::TooManyPolicyItems
			);
		}
		let template = template();
		assert_noop!(
			revise(OPERATOR_A, template, oversized_policy()),
			Error::<Test>::TooManyPolicyItems
		);
		// Exactly `MaxPolicyItems` fits.
		let full = PolicyInput { scenarios: vec![1, 2, 3, 4].try_into().unwrap(), ..policy() };
		assert_ok!(publish(OPERATOR_A, ContractModel::Provision, full));
	});
}

#[test]
fn a_revision_is_a_new_version_and_keeps_the_old_one() {
	run(|| {
		let template = template();
		assert_ok!(revise(OPERATOR_A, template, download_policy()));
		assert_eq!(last_event(), Event::TemplateRevised { template, version: 2 });
		let (current, versions) = Contracts::template(template).unwrap();
		assert_eq!(current.version, 2);
		assert_eq!(current.terms, digest(0x7f));
		assert_eq!(current.default_policy, bounded(download_policy()));
		assert_eq!(current.publisher, TemplatePublisher::Space(SPACE_A));
		assert_eq!(versions.len(), 2);
		assert_eq!(versions[0].terms, digest(0x7e));
		assert_eq!(versions[0].default_policy, bounded(policy()));
		assert_eq!(versions[1].terms, digest(0x7f));
		assert_eq!(TemplateVersions::<Test>::get(template, 2u32), Some(versions[1].clone()));
	});
}

#[test]
fn agreements_keep_the_template_version_they_were_made_from() {
	run(|| {
		let template = template();
		let create = || {
			Contracts::create(
				RuntimeOrigin::signed(PROVIDER),
				template,
				parties(),
				Box::new(terms()),
			)
		};
		assert_ok!(create());
		assert_ok!(revise(OPERATOR_A, template, download_policy()));
		assert_ok!(create());
		assert_eq!(stored(0).template, (template, 1));
		assert_eq!(stored(1).template, (template, 2));
		assert_eq!(stored(1).model, ContractModel::Provision);
	});
}

#[test]
fn only_the_publisher_revises() {
	run(|| {
		let of_space_a = template();
		assert_ok!(publish(PROVIDER, ContractModel::Provision, policy()));
		let of_provider = 1;
		// Another space's operator, the provider, a user: not the space's operators.
		for who in [OPERATOR_B, PROVIDER, USER] {
			assert_noop!(revise(who, of_space_a, download_policy()), Error::<Test>::NotAuthorized);
		}
		// Even the operator of the provider's space does not revise the provider's own.
		assert_noop!(
			revise(OPERATOR_A, of_provider, download_policy()),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Contracts::revise_template(
				RuntimeOrigin::root(),
				of_provider,
				digest(0x7f),
				Box::new(policy())
			),
			DispatchError::BadOrigin
		);
		assert_ok!(revise(PROVIDER, of_provider, download_policy()));
		assert_ok!(revise(OPERATOR_A, of_space_a, download_policy()));
	});
}

#[test]
fn an_unknown_template_is_not_found() {
	run(|| {
		assert_noop!(revise(OPERATOR_A, 7, policy()), Error::<Test>::NotFound);
		assert!(Contracts::template(7).is_none());
	});
}
