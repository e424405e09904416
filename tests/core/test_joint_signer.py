"""The joint-signature base (联名人): one declaration of who signed and when, shared by the motions that take it."""

from renda.core.models import JointSigner, Person
from renda.supervision.models import InterpellationSigner
from renda.supervision.removal.models import RemovalSigner


def test_signer_models_share_the_declared_fields():
    for model in (InterpellationSigner, RemovalSigner):
        assert issubclass(model, JointSigner)
        person = model._meta.get_field("person")
        assert person.verbose_name == "联名人"
        assert person.remote_field.model is Person
        assert model._meta.get_field("signed_on").verbose_name == "联名日期"


def test_a_signer_reads_as_the_person():
    person = Person(name="李明")
    assert str(InterpellationSigner(person=person)) == "李明"
    assert str(RemovalSigner(person=person)) == "李明"
