//! The identity cascade: a connector acts only while its owner organisation may act, and a
//! frozen identity acts again once unfrozen; records made before stand.

use crate::{mock::*, *};
use frame::testing_prelude::*;

#[test]
fn a_connector_stops_and_resumes_with_its_owner() {
	run(|| {
		let notarise = |byte| {
			Notary::notarise(
				RuntimeOrigin::signed(CONNECTOR_KEY),
				digest(byte),
				EventKind::InterfaceCall,
				None,
				None,
				None,
			)
		};
		let stream = opened(CONNECTOR_KEY);
		assert_ok!(notarise(0x01));
		freeze(org(HUAWEI));
		assert_noop!(notarise(0x02), Error::<Test>::IdentityNotActive);
		let tree = log(3);
		assert_noop!(
			Notary::anchor(RuntimeOrigin::signed(CONNECTOR_KEY), stream, 3, root(&tree, 3), vec![]),
			Error::<Test>::IdentityNotActive
		);
		// What was notarised before the freeze stands.
		assert_eq!(Records::<Test>::get(digest(0x01)).unwrap().identity, connector());
		assert_ok!(IdentityRegistry::unfreeze_participant(
			RuntimeOrigin::signed(REGULATOR),
			org(HUAWEI),
			digest(0xf1)
		));
		assert_ok!(notarise(0x02));
		anchored(CONNECTOR_KEY, stream, &tree, 3);
	});
}

#[test]
fn a_suspended_space_stops_its_identities() {
	run(|| {
		assert_ok!(IdentityRegistry::suspend_space(
			RuntimeOrigin::signed(REGULATOR),
			SPACE_B,
			digest(0xf2)
		));
		assert_noop!(
			Notary::notarise(
				RuntimeOrigin::signed(TENCENT_KEY),
				digest(0x03),
				EventKind::Other,
				None,
				None,
				None
			),
			Error::<Test>::IdentityNotActive
		);
	});
}
