use crate::{mock::*, Event};
use frame::testing_prelude::*;

fn set_storage_call(value: &[u8]) -> Box<RuntimeCall> {
	Box::new(RuntimeCall::System(frame_system::Call::set_storage {
		items: vec![(b":tds:test".to_vec(), value.to_vec())],
	}))
}

#[test]
fn admin_dispatches_a_root_only_call() {
	new_test_ext().execute_with(|| {
		assert_ok!(Governance::dispatch_as_root(
			RuntimeOrigin::signed(COUNCIL),
			set_storage_call(b"v1")
		));
		assert_eq!(
			frame::deps::sp_io::storage::get(b":tds:test").map(|v| v.to_vec()),
			Some(b"v1".to_vec())
		);
		System::assert_last_event(Event::RootCallDispatched { result: Ok(()) }.into());
	});
}

#[test]
fn the_dispatched_call_failure_is_reported_not_raised() {
	new_test_ext().execute_with(|| {
		// `remark_with_event` needs a signed origin, so it fails when dispatched as Root.
		let call = Box::new(RuntimeCall::System(frame_system::Call::remark_with_event {
			remark: vec![1],
		}));
		assert_ok!(Governance::dispatch_as_root(RuntimeOrigin::signed(COUNCIL), call));
		System::assert_last_event(
			Event::RootCallDispatched { result: Err(DispatchError::BadOrigin) }.into(),
		);
	});
}

#[test]
fn others_cannot_dispatch_as_root() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Governance::dispatch_as_root(RuntimeOrigin::signed(OUTSIDER), set_storage_call(b"x")),
			BadOrigin
		);
		assert_noop!(
			Governance::dispatch_as_root(RuntimeOrigin::root(), set_storage_call(b"x")),
			BadOrigin
		);
		assert_eq!(frame::deps::sp_io::storage::get(b":tds:test"), None);
	});
}
