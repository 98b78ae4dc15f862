"""The project's own terms, declared once, and the vocabularies it reuses."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, ORG, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD, DefinedNamespace

from graph.prefixes import PREFIXES  # re-exported: the prefixes bound when serialising

__all__ = [
    "DATA",
    "DCAT",
    "DCTERMS",
    "ORG",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SKOS",
    "SP",
    "SPS",
    "VOID",
    "XSD",
]


class SP(DefinedNamespace):
    """Terms of ``ontology/sozialplattform.ttl``."""

    _NS = Namespace(PREFIXES["sp"])
    _fail = True

    Actor: URIRef
    Department: URIRef
    Enterprise: URIRef
    ExternalPartner: URIRef
    Committee: URIRef
    Body: URIRef
    LocalAuthority: URIRef
    Plan: URIRef
    Goal: URIRef
    SteeringInstrument: URIRef
    Theme: URIRef
    Event: URIRef
    Source: URIRef
    Status: URIRef
    StatusScheme: URIRef
    Active: URIRef
    Planned: URIRef
    Proposed: URIRef
    Ended: URIRef
    ledBy: URIRef
    partner: URIRef
    statedIn: URIRef
    pursuedBy: URIRef
    subGoalOf: URIRef
    serves: URIRef
    status: URIRef
    worksOn: URIRef
    worksOnDirectly: URIRef
    worksOnAsLead: URIRef
    worksOnAsPartner: URIRef
    worksOnByInstrument: URIRef
    worksOnThroughGoal: URIRef
    addresses: URIRef
    addressesDirectly: URIRef
    addressesThroughGoal: URIRef
    addressesThroughNarrower: URIRef
    covers: URIRef
    engagedIn: URIRef
    activeThrough: URIRef
    activeAsMember: URIRef
    activeThroughUnit: URIRef
    Counted: URIRef
    dataGraph: URIRef
    derivedGraph: URIRef
    carrierStatus: URIRef
    carrierEnd: URIRef
    entityBase: URIRef
    rulesVersion: URIRef
    sdg: URIRef
    SDGScheme: URIRef


SPS = Namespace("https://w3id.org/sozialgraph/shapes#")
SH = Namespace("http://www.w3.org/ns/shacl#")
SCHEMA = SDO
#: Base of the IRIs minted for the entities of a dataset.
DATA = Namespace("https://w3id.org/sozialgraph/id/")
